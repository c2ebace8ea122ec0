/**
 * Carrier accounts: a seller's credentials for a carrier's tracking API and the request budget it grants.
 * Credentials are stored sealed with the instance key (0009, src/db/secrets) and opened only by the poller.
 * Creating one enrolls the seller's open shipments of that carrier for polling (new shipments are enrolled by
 * a trigger, see 0006_polling.sql).
 */
import type { Database, SqlSession } from "../../db/client.js";
import { carrierCredentialsContext } from "../../db/secrets/contexts.js";
import { secretKeyringOf } from "../../db/secrets/keyring-registry.js";
import { openSecret, sealSecret } from "../../db/secrets/sealed-box.js";

export interface CarrierAccountInput {
  sellerId: string;
  carrier: string;
  name?: string;
  credentials: Record<string, string>;
  baseUrl?: string | null;
  polling?: boolean;
  /** Subscribe shipments to the carrier's pushes (UPS Track Alert); default off. */
  push?: boolean;
  requestsPerMinute?: number;
  burst?: number;
}

export interface CarrierAccount {
  id: string;
  sellerId: string;
  carrier: string;
  name: string;
  credentials: Record<string, string>;
  baseUrl: string | null;
  polling: boolean;
  push: boolean;
  requestsPerMinute: number;
  burst: number;
}

const TERMINAL = "('delivered', 'returned', 'cancelled', 'expired')";

/** Creates (or replaces the settings of) a carrier account and enrolls that carrier's open shipments. */
export async function upsertCarrierAccount(
  db: Database,
  input: CarrierAccountInput,
): Promise<CarrierAccount> {
  const name = input.name ?? "default";
  const keyring = secretKeyringOf(db);
  const sealed = sealSecret(
    keyring,
    JSON.stringify(input.credentials),
    carrierCredentialsContext(input.sellerId, input.carrier, name),
  );
  return db.session(async (s) => {
    const [row] = await s.query<{ id: string }>(
      `INSERT INTO carrier_accounts (seller_id, carrier, name, credentials_sealed, credential_names, sealed_with,
         base_url, polling, requests_per_minute, burst, push)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (seller_id, carrier, name) DO UPDATE SET credentials = '{}'::jsonb,
         credentials_sealed = EXCLUDED.credentials_sealed, credential_names = EXCLUDED.credential_names,
         sealed_with = EXCLUDED.sealed_with, base_url = EXCLUDED.base_url, polling = EXCLUDED.polling,
         requests_per_minute = EXCLUDED.requests_per_minute, burst = EXCLUDED.burst, push = EXCLUDED.push,
         enabled = true, updated_at = now()
       RETURNING id`,
      [
        input.sellerId,
        input.carrier,
        name,
        sealed,
        Object.keys(input.credentials).sort(),
        keyring.current.id,
        input.baseUrl ?? null,
        input.polling ?? true,
        input.requestsPerMinute ?? 60,
        input.burst ?? 10,
        input.push ?? false,
      ],
    );
    if (input.polling ?? true) {
      await s.query(
        `INSERT INTO shipment_poll_state (shipment_id, seller_id, carrier, next_poll_at)
         SELECT id, seller_id, carrier, '-infinity' FROM shipments
         WHERE seller_id = $1 AND carrier = $2 AND status NOT IN ${TERMINAL}
         ON CONFLICT (shipment_id) DO UPDATE SET next_poll_at = '-infinity'
           WHERE shipment_poll_state.next_poll_at IS NULL AND shipment_poll_state.stopped_reason IS NULL`,
        [input.sellerId, input.carrier],
      );
    }
    return {
      id: row!.id,
      sellerId: input.sellerId,
      carrier: input.carrier,
      name: input.name ?? "default",
      credentials: input.credentials,
      baseUrl: input.baseUrl ?? null,
      polling: input.polling ?? true,
      push: input.push ?? false,
      requestsPerMinute: input.requestsPerMinute ?? 60,
      burst: input.burst ?? 10,
    };
  });
}

/** Opens an account's stored credentials (sealed; plaintext only on a row not yet sealed at start). */
export function openCarrierCredentials(
  db: Database,
  row: {
    sellerId: string;
    carrier: string;
    name: string;
    credentials: Record<string, string> | null;
    credentialsSealed: string | null;
    sealedWith: string | null;
  },
): Record<string, string> {
  if (row.sealedWith === null || row.credentialsSealed === null) return row.credentials ?? {};
  const context = carrierCredentialsContext(row.sellerId, row.carrier, row.name);
  return JSON.parse(openSecret(secretKeyringOf(db), row.credentialsSealed, context)) as Record<
    string,
    string
  >;
}

/**
 * Asks for a poll as soon as a worker is free ("refresh now"), even for a shipment whose polling stopped (the
 * poll decides again whether to stop); false when the shipment has no poll state (no carrier account).
 */
export async function requestRefresh(
  db: Pick<Database, "query">,
  sellerId: string,
  shipmentId: string,
  now: Date,
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE shipment_poll_state SET next_poll_at = '-infinity', stopped_reason = NULL, refresh_requested_at = $3,
       updated_at = now()
     WHERE shipment_id = $1 AND seller_id = $2 RETURNING shipment_id`,
    [shipmentId, sellerId, now],
  );
  return rows.length > 0;
}

/**
 * Records a "refresh now" served by the `poll-shipment` job (which polls whatever the schedule says): the first
 * pending request's time is kept until the poll that serves it clears it. False when the shipment is not polled
 * (no carrier account).
 */
export async function markRefreshRequested(
  db: Pick<SqlSession, "query">,
  sellerId: string,
  shipmentId: string,
  now: Date,
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE shipment_poll_state SET refresh_requested_at = COALESCE(refresh_requested_at, $3), updated_at = now()
     WHERE shipment_id = $1 AND seller_id = $2 RETURNING shipment_id`,
    [shipmentId, sellerId, now],
  );
  return rows.length > 0;
}
