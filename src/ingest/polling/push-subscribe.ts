/**
 * Subscribing polled shipments to their carrier's pushes (UPS Track Alert) during a poll round. For an account
 * with push on, when the instance has a public URL and the seller has an inbound webhook endpoint for the
 * carrier, open shipments not yet subscribed (or whose subscription lapses soon) are sent in the carrier's batch
 * size, each request taking a token from the account's shared bucket like a tracking request. A request with room
 * left waits for the account's turn (at most one an hour) and is then filled with every shipment still waiting, so
 * requests carry many numbers rather than a round's few. Accepted numbers are pushed until the carrier's expiry
 * and then polled only as a safety net; refused numbers keep normal polls.
 */
import type { CarrierClient } from "../../carriers/types.js";
import { counter } from "../../core/metrics.js";
import { STATUS_TABLE, STATUSES, type Status } from "../../core/status.js";
import type { Database } from "../../db/client.js";
import { findDeliveryTarget } from "../webhooks/endpoints.js";
import type { ClaimedShipment } from "./claim.js";
import type { PollerDeps } from "./poller-deps.js";
import { recordPushSubscriptions } from "./poll-state-store.js";
import { blockAccount, takePartialSubscriptionTurn, takeRequestTokens } from "./rate-limiter.js";

const subscribeRequests = counter(
  "shipwatch_push_subscribe_requests_total",
  "Carrier push subscription requests made by polling, by outcome",
);

/** Statuses that end polling (STATUS_TABLE): their shipments are not subscribed. */
const TERMINAL: readonly Status[] = STATUSES.filter((status) => STATUS_TABLE[status].terminal);
const DEFAULT_RENEW_BEFORE_MS = 2 * 86_400_000;
const DEFAULT_BATCH_WAIT_MS = 3_600_000;

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
      !STATUS_TABLE[c.status].terminal &&
      (!c.pushSubscribedUntil || c.pushSubscribedUntil.getTime() - now.getTime() < renewBefore),
  );
  if (wanted.length === 0) return pushed;
  const first = group[0]!;
  const destination = await destinationFor(db, first.sellerId, first.carrier, deps.publicUrl, now);
  if (!destination) return pushed; // no inbound endpoint for this carrier: nothing could verify the pushes

  const chunks = await subscriptionChunks(db, wanted, client.subscribeBatchSize, deps, renewBefore, now);
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

/** A shipment to subscribe: the claimed ones of the round, and others of the account filling a request. */
interface Subscribable {
  shipmentId: string;
  trackingNumber: string;
}

/** Requests with room left may carry this many more full requests' worth of waiting shipments. */
const FILL_REQUESTS = 9;

/**
 * The round's subscription requests. Full requests go at once. What is left over (fewer numbers than the carrier
 * takes in one request) goes only on the account's turn, at most once per wait (an hour by default), filled with
 * the account's other open shipments still waiting for a subscription; until then those shipments are polled as
 * usual. Carriers that take one number a request (USPS) have nothing to fill, so they never wait.
 */
async function subscriptionChunks(
  db: Database,
  wanted: readonly ClaimedShipment[],
  size: number,
  deps: PollerDeps,
  renewBefore: number,
  now: Date,
): Promise<Subscribable[][]> {
  const whole = Math.floor(wanted.length / size) * size;
  const list: Subscribable[] = wanted.slice(0, whole);
  const rest = wanted.slice(whole);
  const waitMs = size > 1 ? (deps.pushBatchWaitMs ?? DEFAULT_BATCH_WAIT_MS) : 0;
  const first = wanted[0]!;
  if (
    rest.length > 0 &&
    (waitMs <= 0 || (await takePartialSubscriptionTurn(db, first.account!.id, now, waitMs)))
  ) {
    list.push(...rest);
    if (waitMs > 0)
      list.push(
        ...(await waitingShipments(
          db,
          first,
          new Date(now.getTime() + renewBefore),
          wanted.map((c) => c.shipmentId),
          size - rest.length + FILL_REQUESTS * size,
        )),
      );
  }
  const chunks: Subscribable[][] = [];
  for (let i = 0; i < list.length; i += size) chunks.push(list.slice(i, i + size));
  return chunks;
}

/**
 * Open shipments of the account's seller and carrier, besides `exclude`, that still wait for a subscription (never
 * subscribed, or lapsing before `renewBy`) and were not refused: the longest waiting first.
 */
async function waitingShipments(
  db: Database,
  account: { sellerId: string; carrier: string },
  renewBy: Date,
  exclude: readonly string[],
  limit: number,
): Promise<Subscribable[]> {
  const rows = await db.query<{ shipment_id: string; tracking_number: string }>(
    `SELECT p.shipment_id, s.tracking_number FROM shipment_poll_state p JOIN shipments s ON s.id = p.shipment_id
     WHERE p.seller_id = $1 AND p.carrier = $2 AND p.next_poll_at IS NOT NULL AND p.push_refused_at IS NULL
       AND (p.push_subscribed_until IS NULL OR p.push_subscribed_until < $3)
       AND s.status <> ALL($6::text[])
       AND p.shipment_id NOT IN (SELECT value::uuid FROM jsonb_array_elements_text($4::jsonb))
     ORDER BY p.push_subscribed_until NULLS FIRST, s.created_at, p.shipment_id
     LIMIT $5`,
    [account.sellerId, account.carrier, renewBy, JSON.stringify(exclude), limit, TERMINAL],
  );
  return rows.map((r) => ({ shipmentId: r.shipment_id, trackingNumber: r.tracking_number }));
}
