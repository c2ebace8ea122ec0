/**
 * Leases for work exactly one worker process should do at a time (a drop folder: two importers racing on one file
 * would both move it). A lease is a row with a holder and an expiry in the database's clock; the holder renews it
 * well before it expires, and when the holder dies another process takes it over once it has expired.
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Database } from "../db/client.js";

/** An id for this process as a lease holder, readable in the table (host, pid) and unique per start. */
export function leaseHolderId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

/** Takes or renews the lease `name` for `ttlMs`; false while another holder's lease runs. */
export async function holdLease(db: Database, name: string, holder: string, ttlMs: number): Promise<boolean> {
  const rows = await db.query<{ holder: string }>(
    `INSERT INTO worker_leases (name, holder, expires_at) VALUES ($1, $2, now() + $3 * interval '1 millisecond')
     ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at,
       acquired_at = CASE WHEN worker_leases.holder = EXCLUDED.holder THEN worker_leases.acquired_at ELSE now() END
     WHERE worker_leases.holder = EXCLUDED.holder OR worker_leases.expires_at < now()
     RETURNING holder`,
    [name, holder, ttlMs],
  );
  return rows.length > 0;
}

/** Gives the lease up (on a clean stop), so another process need not wait for it to expire. */
export async function releaseLease(db: Database, name: string, holder: string): Promise<void> {
  await db.query("DELETE FROM worker_leases WHERE name = $1 AND holder = $2", [name, holder]);
}
