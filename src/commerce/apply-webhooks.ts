/**
 * The worker's half of a commerce webhook: a verified delivery, already stored raw, is mapped by its platform
 * (pure) and applied to orders and shipments, in the ingest job's transaction. The raw payload is marked parsed
 * or failed with the reason, so a payload that could not be used is kept, visible and replayable.
 */
import type { SqlSession } from "../db/client.js";
import { applyMappedPayload } from "./apply.js";
import { markConnectionSynced } from "./connections.js";
import { commercePlatform } from "./platforms.js";

export interface StoredCommercePayload {
  id: number;
  seller_id: string;
  source: string;
  body: Buffer;
  headers: Record<string, string>;
  received_at: Date;
}

async function mark(
  s: SqlSession,
  id: number,
  status: "parsed" | "failed",
  note: string | null,
  count: number,
): Promise<void> {
  await s.query(
    "UPDATE raw_payloads SET parse_status = $2, parse_error = $3, event_count = $4, parsed_at = now() WHERE id = $1",
    [id, status, note?.slice(0, 2000) ?? null, count],
  );
}

/** The connection a stored delivery belongs to (by the shop its headers name), or null when it is gone. */
async function connectionOf(s: SqlSession, sellerId: string, platform: string, shop: string | null) {
  const rows = await s.query<{ id: string; shop: string }>(
    "SELECT id, shop FROM commerce_connections WHERE seller_id = $1 AND platform = $2",
    [sellerId, platform],
  );
  const match = shop ? rows.find((r) => r.shop === shop) : rows.length === 1 ? rows[0] : undefined;
  return match?.id ?? null;
}

async function preferredCarriers(s: SqlSession, sellerId: string): Promise<string[]> {
  const [row] = await s.query<{ carriers: unknown }>(
    "SELECT settings->'carriers' AS carriers FROM sellers WHERE id = $1",
    [sellerId],
  );
  return Array.isArray(row?.carriers) ? row.carriers.filter((c): c is string => typeof c === "string") : [];
}

/** Maps and applies stored commerce deliveries, in id order (the order they were received). */
export async function applyCommerceWebhooks(
  s: SqlSession,
  rows: readonly StoredCommercePayload[],
): Promise<void> {
  for (const row of [...rows].sort((a, b) => a.id - b.id)) {
    const platform = commercePlatform(row.source);
    if (!platform) continue;
    const connectionId = await connectionOf(s, row.seller_id, platform.id, platform.shopOf(row.headers));
    if (!connectionId) {
      await mark(s, row.id, "failed", `no ${platform.id} connection for this shop any more`, 0);
      continue;
    }
    const mapped = platform.map(row.body, row.headers, {
      preferredCarriers: await preferredCarriers(s, row.seller_id),
    });
    if (mapped.kind === "invalid") await mark(s, row.id, "failed", mapped.reason, 0);
    else if (mapped.kind === "ignored") await mark(s, row.id, "parsed", null, 0);
    else {
      const outcome = await applyMappedPayload(s, row.seller_id, connectionId, mapped.value);
      if ("problem" in outcome) await mark(s, row.id, "failed", outcome.problem, 0);
      else {
        const notes = [
          ...mapped.value.problems,
          ...outcome.stale.map((x) => `${x}: a newer update was applied already`),
        ];
        await mark(
          s,
          row.id,
          "parsed",
          notes.length ? notes.join("; ") : null,
          mapped.value.shipments.length,
        );
      }
    }
    await markConnectionSynced(s, connectionId, new Date(row.received_at));
  }
}
