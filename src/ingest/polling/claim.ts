/**
 * Claiming shipments to poll. A claim pushes the row's next_poll_at forward by a lease in a short transaction
 * (FOR UPDATE SKIP LOCKED on PostgreSQL, so concurrent workers take different rows), and the network calls happen
 * after it commits: no database lock is held across a carrier call, and a worker that dies mid-poll only delays
 * its shipments by the lease.
 */
import type { Database, SqlSession } from "../../db/client.js";
import { isStatus, type Status } from "../../core/status.js";
import { openCarrierCredentials } from "./carrier-accounts.js";

export interface ClaimedShipment {
  shipmentId: string;
  sellerId: string;
  carrier: string;
  trackingNumber: string;
  createdAt: Date;
  status: Status;
  statusChangedAt: Date | null;
  estimatedDelivery: string | null;
  destinationCountry: string | null;
  destinationRegion: string | null;
  lastChangeAt: Date | null;
  consecutiveErrors: number;
  refreshRequested: boolean;
  /** Until when the carrier pushes this shipment's scans (null: not subscribed). */
  pushSubscribedUntil: Date | null;
  /** The carrier refused to push this number: it is polled normally and not asked again. */
  pushRefused: boolean;
  /** The delivery window the carrier's latest answer gave while the parcel is on the vehicle (migration 0018). */
  carrierWindow: { start: Date; end: Date } | null;
  account: {
    id: string;
    credentials: Record<string, string>;
    baseUrl: string | null;
    /** Subscribe shipments to the carrier's pushes (the account setting; used only with a public URL). */
    push: boolean;
    /** Changes when the account is edited: cached clients are rebuilt. */
    version: string;
  } | null;
}

interface Row {
  shipment_id: string;
  seller_id: string;
  carrier: string;
  tracking_number: string;
  created_at: Date;
  status: string;
  status_changed_at: Date | null;
  carrier_estimated_delivery: string | null;
  destination_country: string | null;
  destination_region: string | null;
  last_change_at: Date | null;
  consecutive_errors: number;
  refresh_requested_at: Date | null;
  push_subscribed_until: Date | null;
  push_refused_at: Date | null;
  carrier_window_start: Date | null;
  carrier_window_end: Date | null;
  account_push: boolean | null;
  account_id: string | null;
  account_name: string | null;
  credentials: Record<string, string> | null;
  credentials_sealed: string | null;
  sealed_with: string | null;
  base_url: string | null;
  account_updated_at: Date | null;
}

const DETAILS_SQL = `
SELECT p.shipment_id, s.seller_id, s.carrier, s.tracking_number, s.created_at, s.status, s.status_changed_at,
  s.carrier_estimated_delivery, s.destination_country, s.destination_region, p.last_change_at, p.consecutive_errors,
  p.refresh_requested_at, p.push_subscribed_until, p.push_refused_at, p.carrier_window_start, p.carrier_window_end,
  a.id AS account_id, a.name AS account_name,
  a.credentials, a.credentials_sealed, a.sealed_with, a.base_url, a.push AS account_push,
  a.updated_at AS account_updated_at
FROM shipment_poll_state p
JOIN shipments s ON s.id = p.shipment_id
LEFT JOIN LATERAL (
  SELECT id, name, credentials, credentials_sealed, sealed_with, base_url, push, updated_at FROM carrier_accounts a
  WHERE a.seller_id = s.seller_id AND a.carrier = s.carrier AND a.enabled AND a.polling
  ORDER BY a.name LIMIT 1
) a ON true
WHERE p.shipment_id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb))`;

function toClaimed(db: Database, r: Row): ClaimedShipment {
  return {
    shipmentId: r.shipment_id,
    sellerId: r.seller_id,
    carrier: r.carrier,
    trackingNumber: r.tracking_number,
    createdAt: new Date(r.created_at),
    status: isStatus(r.status) ? r.status : "pending",
    statusChangedAt: r.status_changed_at ? new Date(r.status_changed_at) : null,
    estimatedDelivery: r.carrier_estimated_delivery,
    destinationCountry: r.destination_country,
    destinationRegion: r.destination_region,
    lastChangeAt: r.last_change_at ? new Date(r.last_change_at) : null,
    consecutiveErrors: r.consecutive_errors,
    refreshRequested: r.refresh_requested_at !== null,
    pushSubscribedUntil: r.push_subscribed_until ? new Date(r.push_subscribed_until) : null,
    pushRefused: r.push_refused_at !== null,
    carrierWindow:
      r.carrier_window_start && r.carrier_window_end
        ? { start: new Date(r.carrier_window_start), end: new Date(r.carrier_window_end) }
        : null,
    account: r.account_id
      ? {
          id: r.account_id,
          credentials: openCarrierCredentials(db, {
            sellerId: r.seller_id,
            carrier: r.carrier,
            name: r.account_name ?? "default",
            credentials: r.credentials,
            credentialsSealed: r.credentials_sealed,
            sealedWith: r.sealed_with,
          }),
          baseUrl: r.base_url,
          push: r.account_push === true,
          version: `${r.account_id}:${new Date(r.account_updated_at ?? 0).getTime()}:${r.base_url ?? ""}`,
        }
      : null,
  };
}

async function details(db: Database, s: SqlSession, ids: readonly string[]): Promise<ClaimedShipment[]> {
  if (ids.length === 0) return [];
  const rows = await s.query<Row>(DETAILS_SQL, [JSON.stringify(ids)]);
  return rows.map((r) => toClaimed(db, r));
}

/** Claims up to `limit` shipments whose poll is due at `now`, most overdue first. */
export function claimDue(
  db: Database,
  now: Date,
  limit: number,
  leaseMs: number,
): Promise<ClaimedShipment[]> {
  return db.session(async (s) => {
    const lock = s.engine === "postgres" ? "FOR UPDATE SKIP LOCKED" : "";
    const claimed = await s.query<{ shipment_id: string }>(
      `WITH due AS (
         SELECT shipment_id FROM shipment_poll_state
         WHERE next_poll_at <= $1 ORDER BY next_poll_at LIMIT $2 ${lock}
       )
       UPDATE shipment_poll_state p SET next_poll_at = $3, updated_at = now()
       FROM due WHERE p.shipment_id = due.shipment_id RETURNING p.shipment_id`,
      [now, limit, new Date(now.getTime() + leaseMs)],
    );
    return details(
      db,
      s,
      claimed.map((c) => c.shipment_id),
    );
  });
}

/** Claims one shipment whatever its schedule ("refresh now"); null when another worker holds it or it is not polled. */
export function claimOne(
  db: Database,
  shipmentId: string,
  now: Date,
  leaseMs: number,
): Promise<ClaimedShipment | null> {
  return db.session(async (s) => {
    const lock = s.engine === "postgres" ? "FOR UPDATE SKIP LOCKED" : "";
    const claimed = await s.query<{ shipment_id: string }>(
      `WITH one AS (SELECT shipment_id FROM shipment_poll_state WHERE shipment_id = $1 ${lock})
       UPDATE shipment_poll_state p SET next_poll_at = $2, updated_at = now()
       FROM one WHERE p.shipment_id = one.shipment_id RETURNING p.shipment_id`,
      [shipmentId, new Date(now.getTime() + leaseMs)],
    );
    return (
      (
        await details(
          db,
          s,
          claimed.map((c) => c.shipment_id),
        )
      )[0] ?? null
    );
  });
}
