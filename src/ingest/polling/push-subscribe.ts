/**
 * Subscribing polled shipments to their carrier's pushes (UPS Track Alert) during a poll round. For an account
 * with push on, when the instance has a public URL and the seller has an inbound webhook endpoint for the
 * carrier, open shipments not yet subscribed (or whose subscription lapses soon) are sent in the carrier's batch
 * size, each request taking a token from the account's shared bucket like a tracking request. Accepted numbers
 * are pushed until the carrier's expiry and then polled only as a safety net; refused numbers keep normal polls.
 */
import type { CarrierClient } from "../../carriers/types.js";
import { counter } from "../../core/metrics.js";
import type { Database } from "../../db/client.js";
import { findDeliveryTarget } from "../webhooks/endpoints.js";
import type { ClaimedShipment } from "./claim.js";
import type { PollerDeps } from "./poller-deps.js";
import { recordPushSubscriptions } from "./poll-state-store.js";
import { blockAccount, takeRequestTokens } from "./rate-limiter.js";

const subscribeRequests = counter(
  "shipwatch_push_subscribe_requests_total",
  "Carrier push subscription requests made by polling, by outcome",
);

const TERMINAL = new Set(["delivered", "returned", "cancelled", "expired"]);
const DEFAULT_RENEW_BEFORE_MS = 2 * 86_400_000;

export interface PushSubscribeReport {
  /** Subscription requests made. */
  requests: number;
  /** Shipments the carrier accepted in this round (new or renewed). */
  subscribed: number;
  /** Shipments it refused. */
  refused: number;
}

/** The seller's inbound webhook URL for this carrier and the secret the carrier must echo; null without one. */
async function destinationFor(
  db: Database,
  sellerId: string,
  carrier: string,
  publicUrl: string,
  now: Date,
): Promise<{ url: string; credential: string } | null> {
  const [seller] = await db.query<{ slug: string }>("SELECT slug FROM sellers WHERE id = $1", [sellerId]);
  if (!seller) return null;
  const target = await findDeliveryTarget(db, seller.slug, carrier, now);
  const credential = target?.secrets[0];
  if (!credential) return null;
  const base = publicUrl.replace(/\/$/, "");
  return {
    url: `${base}/hooks/${encodeURIComponent(seller.slug)}/${encodeURIComponent(carrier)}`,
    credential,
  };
}

/**
 * Subscribes what the group (one carrier account's claimed shipments) needs, and returns the ids of the group's
 * shipments the carrier pushes now (subscribed before or in this round, not lapsed).
 */
export async function subscribeForPush(
  db: Database,
  group: readonly ClaimedShipment[],
  client: CarrierClient,
  deps: PollerDeps,
  now: Date,
  report: PushSubscribeReport,
): Promise<Set<string>> {
  const pushed = new Set<string>();
  const account = group[0]?.account;
  if (!account?.push || !deps.publicUrl || !client.subscribe || !client.subscribeBatchSize) return pushed;
  for (const c of group) if (c.pushSubscribedUntil && c.pushSubscribedUntil > now) pushed.add(c.shipmentId);
  const renewBefore = deps.pushRenewBeforeMs ?? DEFAULT_RENEW_BEFORE_MS;
  const wanted = group.filter(
    (c) =>
      !c.pushRefused &&
      !TERMINAL.has(c.status) &&
      (!c.pushSubscribedUntil || c.pushSubscribedUntil.getTime() - now.getTime() < renewBefore),
  );
  if (wanted.length === 0) return pushed;
  const first = group[0]!;
  const destination = await destinationFor(db, first.sellerId, first.carrier, deps.publicUrl, now);
  if (!destination) return pushed; // no inbound endpoint for this carrier: nothing could verify the pushes

  const chunks: ClaimedShipment[][] = [];
  for (let i = 0; i < wanted.length; i += client.subscribeBatchSize)
    chunks.push(wanted.slice(i, i + client.subscribeBatchSize));
  // The same budget as tracking requests: UPS counts both against the app. What is not granted waits.
  const grant = await takeRequestTokens(db, account.id, chunks.length, now);
  const accepted: { shipmentId: string; until: Date }[] = [];
  const refused: string[] = [];
  for (const chunk of chunks.slice(0, grant.granted)) {
    report.requests += 1;
    let res;
    try {
      res = await client.subscribe(
        chunk.map((c) => c.trackingNumber),
        destination,
      );
    } catch {
      subscribeRequests.inc({ carrier: first.carrier, outcome: "network_error" });
      continue; // asked again next round
    }
    subscribeRequests.inc({ carrier: first.carrier, outcome: res.error ? `http_${res.httpStatus}` : "ok" });
    if (res.httpStatus === 429)
      await blockAccount(db, account.id, new Date(now.getTime() + (res.rateLimit?.retryAfterMs ?? 60_000)));
    // A request refused as a whole (5xx, 429, bad credentials, a VSS error) marks nobody: asked again later.
    if (res.error) continue;
    const valid = new Set(res.valid);
    for (const c of chunk) {
      if (valid.has(c.trackingNumber)) {
        accepted.push({ shipmentId: c.shipmentId, until: res.expiresAt });
        if (res.expiresAt > now) pushed.add(c.shipmentId);
      } else refused.push(c.shipmentId);
    }
  }
  report.subscribed += accepted.length;
  report.refused += refused.length;
  await recordPushSubscriptions(db, accepted, refused, now);
  return pushed;
}
