/**
 * Changing a carrier account without touching its credentials: rename, budget, polling, push, base URL, disable,
 * enable, delete. Credentials are written only by upsertCarrierAccount (carrier-accounts.ts), the one place that
 * knows how they are stored; nothing here reads or writes that column.
 */
import type { Database, SqlSession } from "../../db/client.js";

export interface CarrierAccountSettings {
  name: string;
  polling: boolean;
  /** Subscribe shipments to the carrier's pushes (UPS Track Alert; used only when a public URL is configured). */
  push: boolean;
  requestsPerMinute: number;
  burst: number;
  baseUrl: string | null;
}

const TERMINAL = "('delivered', 'returned', 'cancelled', 'expired')";

/** Asks for a first poll of the seller's open shipments of that carrier that are not being polled. */
async function enrollOpenShipments(s: SqlSession, sellerId: string, carrier: string): Promise<void> {
  await s.query(
    `INSERT INTO shipment_poll_state (shipment_id, seller_id, carrier, next_poll_at)
     SELECT id, seller_id, carrier, '-infinity' FROM shipments
     WHERE seller_id = $1 AND carrier = $2 AND status NOT IN ${TERMINAL}
     ON CONFLICT (shipment_id) DO UPDATE SET next_poll_at = '-infinity'
       WHERE shipment_poll_state.next_poll_at IS NULL AND shipment_poll_state.stopped_reason IS NULL`,
    [sellerId, carrier],
  );
}

/**
 * Saves an account's settings; "conflict" when another account of that carrier has the name. Bumps updated_at
 * so workers rebuild their cached client (a new base URL takes effect on the next poll).
 */
export async function updateCarrierAccountSettings(
  db: Database,
  sellerId: string,
  id: string,
  settings: CarrierAccountSettings,
): Promise<"updated" | "not_found" | "conflict"> {
  return db.session(async (s) => {
    const [clash] = await s.query(
      `SELECT 1 FROM carrier_accounts o JOIN carrier_accounts a ON a.id = $2
       WHERE o.seller_id = $1 AND o.carrier = a.carrier AND o.name = $3 AND o.id <> $2`,
      [sellerId, id, settings.name],
    );
    if (clash) return "conflict";
    const [row] = await s.query<{ carrier: string; enabled: boolean }>(
      `UPDATE carrier_accounts SET name = $3, polling = $4, requests_per_minute = $5, burst = $6, base_url = $7,
         push = $8, updated_at = now()
       WHERE seller_id = $1 AND id = $2 RETURNING carrier, enabled`,
      [
        sellerId,
        id,
        settings.name,
        settings.polling,
        settings.requestsPerMinute,
        settings.burst,
        settings.baseUrl,
        settings.push,
      ],
    );
    if (!row) return "not_found";
    if (row.enabled && settings.polling) await enrollOpenShipments(s, sellerId, row.carrier);
    return "updated";
  });
}

/**
 * Disables or enables an account. A disabled account is never used to poll (the poller only picks enabled
 * ones); enabling it asks for a first poll of the open shipments again. False when there is no such account.
 */
export async function setCarrierAccountEnabled(
  db: Database,
  sellerId: string,
  id: string,
  enabled: boolean,
): Promise<boolean> {
  return db.session(async (s) => {
    const [row] = await s.query<{ carrier: string; polling: boolean }>(
      `UPDATE carrier_accounts SET enabled = $3, updated_at = now() WHERE seller_id = $1 AND id = $2
       RETURNING carrier, polling`,
      [sellerId, id, enabled],
    );
    if (!row) return false;
    if (enabled && row.polling) await enrollOpenShipments(s, sellerId, row.carrier);
    return true;
  });
}

/** Deletes an account (and its shared rate-limit bucket); its shipments stop being polled at their next turn. */
export async function deleteCarrierAccount(
  db: Database,
  sellerId: string,
  id: string,
): Promise<{ carrier: string; name: string } | undefined> {
  const [row] = await db.query<{ carrier: string; name: string }>(
    "DELETE FROM carrier_accounts WHERE seller_id = $1 AND id = $2 RETURNING carrier, name",
    [sellerId, id],
  );
  return row;
}
