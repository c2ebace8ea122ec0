/**
 * The notification decision, made inside the ingest transaction (DESIGN.md, "Side effects go through an
 * outbox"): which message for which milestone, on which channel, and not before when. Rows are unique on
 * (shipment, trigger, milestone, channel), so replaying every event or retrying a batch decides nothing new.
 * Sending happens later, in workers (deliver.ts).
 */
import type { ShipmentState } from "../core/fold.js";
import { counter } from "../core/metrics.js";
import type { SqlSession } from "../db/client.js";
import { orderSiblings, travelsTogether, waitingKey } from "./order-parcels.js";
import { channelsFor, loadPolicy, type Channel, type NotificationPolicy } from "./policy.js";
import { quietHoursEnd } from "./quiet-hours.js";
import { decideTriggers, TRIGGER_RANK, type DecidedTrigger } from "./triggers.js";
import { deliveryWindow, windowMovedLater, type DeliveryWindow } from "./window.js";

/** One shipment's change in this batch, as the ingest path knows it. */
export interface StateTransition {
  shipmentId: string;
  before: ShipmentState;
  after: ShipmentState;
  /** The carrier's estimate in this batch (null: not given, the stored one stands). */
  carrierEstimate: string | null;
  /**
   * The ETA model's window before and after this batch, when the seller has a model (src/eta/live). It takes
   * precedence over the carrier's estimate and the promise; the delay trigger compares prediction with
   * prediction, so a shipment's first prediction is never a "delay".
   */
  predictedBefore?: PredictedWindow | null;
  predictedAfter?: PredictedWindow | null;
}

export interface PredictedWindow {
  earliest: string;
  latest: string;
}

/** The window before and after a transition, as the shopper saw it and sees it now. */
function windowsOf(
  t: StateTransition,
  storedEstimate: string | null,
  promisedAt: Date | string | null,
): { before: DeliveryWindow | null; after: DeliveryWindow | null } {
  const after = deliveryWindow({
    predicted: t.predictedAfter ?? null,
    carrierEstimate: t.carrierEstimate ?? storedEstimate,
    promisedAt,
  });
  if (t.predictedAfter && !t.predictedBefore) return { before: null, after };
  const before = deliveryWindow({
    predicted: t.predictedBefore ?? null,
    carrierEstimate: storedEstimate,
    promisedAt,
  });
  return { before, after };
}

/** True when the predicted window's end moved a day or more later in this batch. */
function predictionMovedLater(t: StateTransition): boolean {
  return (
    !!t.predictedBefore &&
    !!t.predictedAfter &&
    windowMovedLater(
      { ...t.predictedBefore, source: "prediction" },
      { ...t.predictedAfter, source: "prediction" },
    )
  );
}

export const notificationsDecided = counter(
  "shipwatch_notifications_decided_total",
  "Shopper notifications decided, by trigger, channel and initial status (queued, collapsed, suppressed).",
);

interface ShipmentContext {
  id: string;
  direction: string;
  order_id: string | null;
  carrier: string;
  tracking_number: string;
  carrier_estimated_delivery: string | null;
  order_number: string | null;
  email: string | null;
  phone: string | null;
  first_name: string | null;
  locale: string | null;
  time_zone: string | null;
  promised_at: Date | string | null;
  /** The order's outbound parcels: with one, there is no other parcel to share a message with. */
  parcels: number;
}

interface ExistingRow {
  id: number;
  shipment_id: string;
  trigger: string;
  milestone: string;
  channel: Channel;
  status: string;
  sent_at: Date | string | null;
  send_after: Date | string;
  decided_at: Date | string;
  /** The window the message gave the shopper (null: it gave none). */
  window: DeliveryWindow | null;
}

interface Candidate extends DecidedTrigger {
  shipment: ShipmentContext;
  after: ShipmentState;
  windowAfter: DeliveryWindow | null;
}

const ids = (list: readonly string[]) => JSON.stringify(list);

/**
 * Decides shopper messages for a batch of state changes. Called (through hook.ts) by the ingest path before the new states
 * are written (it reads each shipment's previous carrier estimate).
 */
export async function decideShopperMessages(
  s: SqlSession,
  sellerId: string,
  transitions: readonly StateTransition[],
  now: Date = new Date(),
): Promise<number> {
  // Cheap first pass without the database: most batches are intermediate scans and decide nothing.
  const maybe = transitions.filter(
    (t) =>
      decideTriggers({ shipmentId: t.shipmentId, before: t.before, after: t.after }).length > 0 ||
      t.carrierEstimate ||
      predictionMovedLater(t),
  );
  if (maybe.length === 0) return 0;
  const contexts = await s.query<ShipmentContext>(
    `SELECT s.id, s.direction, s.order_id, s.carrier, s.tracking_number, s.carrier_estimated_delivery,
       o.order_number, o.email, o.phone, o.first_name, o.locale, o.time_zone, o.promised_at,
       (SELECT count(*)::int FROM shipments x WHERE x.order_id = s.order_id AND x.direction = 'outbound') AS parcels
     FROM shipments s JOIN orders o ON o.id = s.order_id
     WHERE s.id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb))`,
    [ids(maybe.map((t) => t.shipmentId))],
  );
  const byId = new Map(contexts.map((c) => [c.id, c]));
  const candidates: Candidate[] = [];
  for (const t of maybe) {
    const shipment = byId.get(t.shipmentId);
    if (!shipment || (!shipment.email && !shipment.phone)) continue;
    const windows = windowsOf(t, shipment.carrier_estimated_delivery, shipment.promised_at);
    const windowAfter = windows.after;
    const direction = shipment.direction === "return" ? "return" : "outbound";
    for (const d of decideTriggers({ ...t, windowBefore: windows.before, windowAfter, direction }))
      candidates.push({ ...d, shipment, after: t.after, windowAfter });
  }
  if (candidates.length === 0) return 0;
  const policy = await loadPolicy(s, sellerId);
  const existing = await s.query<ExistingRow>(
    // Messages a person sent by hand are theirs: never collapsed into a milestone nor counted toward the cap.
    `SELECT id, shipment_id, trigger, milestone, channel, status, sent_at, send_after, decided_at,
       context->'window' AS window FROM notifications
     WHERE shipment_id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb)) AND audience = 'shopper'
       AND milestone NOT LIKE 'manual:%'`,
    [ids([...new Set(candidates.map((c) => c.shipment.id))])],
  );
  let decided = 0;
  const byShipment = new Map<string, Candidate[]>();
  for (const c of candidates) byShipment.set(c.shipment.id, [...(byShipment.get(c.shipment.id) ?? []), c]);
  for (const [shipmentId, list] of byShipment) {
    decided += await decideForShipment(
      s,
      sellerId,
      policy,
      list,
      existing.filter((e) => e.shipment_id === shipmentId),
      now,
    );
  }
  return decided;
}

/** The window of the newest message that reached, or will reach, the shopper (collapsed and suppressed ones did not). */
function lastToldWindow(existing: readonly ExistingRow[]): DeliveryWindow | null {
  const told = existing
    .filter((e) => e.window && (e.status === "queued" || e.status === "sending" || e.status === "sent"))
    .sort((a, b) => a.id - b.id);
  return told.at(-1)?.window ?? null;
}

interface NewRow {
  trigger: string;
  milestone: string;
  channel: Channel;
  recipient: string;
  status: "queued" | "collapsed" | "suppressed";
  reason: string | null;
  send_after: string;
  context: Record<string, unknown>;
  /** Set when the message folds into another parcel's of the same order (order-parcels.ts). */
  collapsed_into?: number;
}

/**
 * One shipment: drop milestones already decided (a replay), keep the most advanced new milestone, collapse the
 * rest (and anything still queued) into it, respect the burst window, quiet hours and the per-shipment cap.
 */
async function decideForShipment(
  s: SqlSession,
  sellerId: string,
  policy: NotificationPolicy,
  candidates: readonly Candidate[],
  existing: readonly ExistingRow[],
  now: Date,
): Promise<number> {
  const known = new Set(existing.map((e) => `${e.trigger}|${e.milestone}|${e.channel}`));
  const told = lastToldWindow(existing);
  const shipment = candidates[0]!.shipment;
  const rows: (NewRow & { rank: number })[] = [];
  const staleBefore =
    policy.staleAfterHours > 0 ? now.getTime() - policy.staleAfterHours * 3_600_000 : -Infinity;
  for (const c of candidates) {
    // A delay is news against the window the shopper was given in a message; a first message (shipped, say)
    // gives the current window itself, and a window that moved back and forth to where it was told is no news.
    if (c.trigger === "delay" && !(told && c.windowAfter && windowMovedLater(told, c.windowAfter))) continue;
    const stale = c.at !== null && c.at.getTime() < staleBefore;
    const wanted = channelsFor(policy, c.trigger, c.after.substatus);
    for (const preferred of wanted) {
      // No address for the preferred channel: the other one carries the message, unless it already does.
      const other: Channel = preferred === "email" ? "sms" : "email";
      const address = (ch: Channel) => (ch === "email" ? shipment.email : shipment.phone);
      const channel = address(preferred) ? preferred : wanted.includes(other) ? null : other;
      const recipient = channel ? address(channel) : null;
      if (!channel || !recipient || known.has(`${c.trigger}|${c.milestone}|${channel}`)) continue;
      rows.push({
        rank: c.rank,
        trigger: c.trigger,
        milestone: c.milestone,
        channel,
        recipient,
        status: stale ? "suppressed" : "queued",
        reason: stale ? "stale" : null,
        send_after: now.toISOString(),
        context: {
          status: c.after.status,
          substatus: c.after.substatus,
          at: (c.after.statusChangedAt ?? now).toISOString(),
          carrier: shipment.carrier,
          trackingNumber: shipment.tracking_number,
          orderNumber: shipment.order_number,
          window: c.windowAfter,
        },
      });
    }
  }
  if (rows.length === 0) return 0;
  const fresh = rows.filter((r) => r.status === "queued");
  if (fresh.length === 0) return insertRows(s, sellerId, shipment, rows);

  // Still waiting and part of this burst: decided within the window, or held (trailing edge, quiet hours).
  const burstStart = now.getTime() - policy.burstWindowSeconds * 1000;
  const queued = existing.filter(
    (e) =>
      e.status === "queued" &&
      (new Date(e.send_after).getTime() > now.getTime() || new Date(e.decided_at).getTime() >= burstStart),
  );
  const topRank = Math.max(...fresh.map((r) => r.rank));
  const queuedAbove = queued.some(
    (q) => (TRIGGER_RANK[q.trigger as keyof typeof TRIGGER_RANK] ?? 0) > topRank,
  );
  for (const r of fresh) {
    if (r.rank < topRank || queuedAbove) {
      r.status = "collapsed";
      r.reason = "burst";
    }
  }
  const winners = rows.filter((r) => r.status === "queued");
  const live = existing.filter((e) => e.status === "sent" || e.status === "sending").length;
  const lastSent = Math.max(
    0,
    ...existing.filter((e) => e.sent_at).map((e) => new Date(e.sent_at!).getTime()),
  );
  const heldSince = Math.min(Infinity, ...queued.map((q) => new Date(q.send_after).getTime()));
  for (const r of winners) {
    let notBefore = now.getTime();
    if (Number.isFinite(heldSince)) notBefore = Math.max(notBefore, heldSince);
    else if (lastSent + policy.burstWindowSeconds * 1000 > notBefore)
      notBefore = lastSent + policy.burstWindowSeconds * 1000;
    if (r.channel === "sms") {
      const zone = shipment.time_zone ?? policy.defaultTimeZone;
      const release = quietHoursEnd(new Date(notBefore), zone, policy.quietHours);
      if (release) notBefore = release.getTime();
    }
    r.send_after = new Date(notBefore).toISOString();
    if (live + winners.length > policy.maxPerShipment) {
      r.status = "suppressed";
      r.reason = "cap";
    }
  }
  const joined = await joinOrderSiblings(s, shipment, winners, policy, now);

  const inserted = await insertRowsReturning(s, sellerId, shipment, rows);
  const key = (r: { trigger: string; milestone: string; channel: string }) =>
    `${r.trigger}|${r.milestone}|${r.channel}`;
  const rowByKey = new Map(rows.map((r) => [key(r), r]));
  // What carries the news now: a message of this shipment still waiting with higher news, else this batch's
  // winner, else the other parcel's message the winner joined.
  const survivor = queuedAbove
    ? queued.find((q) => (TRIGGER_RANK[q.trigger as keyof typeof TRIGGER_RANK] ?? 0) > topRank)?.id
    : (inserted.find((i) => rowByKey.get(key(i))?.status === "queued")?.id ?? joined);
  const collapse = [
    ...inserted
      .filter((i) => rowByKey.get(key(i))?.status === "collapsed" && rowByKey.get(key(i))?.reason === "burst")
      .map((i) => i.id),
    ...(queuedAbove ? [] : queued.map((q) => q.id)),
  ];
  if (survivor !== undefined && collapse.length > 0) {
    // Earlier messages still waiting (the burst window, quiet hours) are replaced by the newest one.
    await s.query(
      `UPDATE notifications SET status = 'collapsed', reason = 'burst', collapsed_into = $2
       WHERE shipment_id = $1 AND id = ANY($3::bigint[]) AND status IN ('queued', 'collapsed')`,
      [shipment.id, survivor, collapse],
    );
  }
  for (const r of rows)
    notificationsDecided.inc({ trigger: r.trigger, channel: r.channel, status: r.status });
  return inserted.length;
}

async function insertRows(
  s: SqlSession,
  sellerId: string,
  shipment: ShipmentContext,
  rows: readonly NewRow[],
) {
  for (const r of rows)
    notificationsDecided.inc({ trigger: r.trigger, channel: r.channel, status: r.status });
  return (await insertRowsReturning(s, sellerId, shipment, rows)).length;
}

/**
 * Parcels of one order travelling together (order-parcels.ts): a winner joins another parcel's message for the
 * same milestone that is still waiting, or, while another parcel has not reached the milestone, waits the burst
 * window for it. Returns the id of the message joined, if any.
 */
async function joinOrderSiblings(
  s: SqlSession,
  shipment: ShipmentContext,
  winners: readonly NewRow[],
  policy: NotificationPolicy,
  now: Date,
): Promise<number | undefined> {
  const together = winners.filter((r) => r.status === "queued" && travelsTogether(r.trigger));
  if (!shipment.order_id || shipment.parcels < 2 || together.length === 0) return undefined;
  const siblings = await orderSiblings(s, shipment.order_id, shipment.id);
  if (!siblings) return undefined;
  let joined: number | undefined;
  const holdUntil = now.getTime() + policy.burstWindowSeconds * 1000;
  for (const r of together) {
    const into = siblings.waiting.get(waitingKey(r.trigger, r.channel, r.recipient));
    if (into !== undefined) {
      r.status = "collapsed";
      r.reason = "order";
      r.collapsed_into = into;
      joined ??= into;
    } else if (siblings.behind.has(r.trigger) && holdUntil > new Date(r.send_after).getTime()) {
      r.send_after = new Date(holdUntil).toISOString();
    }
  }
  return joined;
}

/** Inserts decided rows; a (shipment, trigger, milestone, channel) already there is skipped. */
function insertRowsReturning(
  s: SqlSession,
  sellerId: string,
  shipment: ShipmentContext,
  rows: readonly NewRow[],
) {
  return s.query<{ id: number; trigger: string; milestone: string; channel: string }>(
    `INSERT INTO notifications (seller_id, shipment_id, order_id, trigger, milestone, channel, recipient, locale,
       time_zone, context, status, reason, send_after, collapsed_into)
     SELECT $1, $2, $3, x.trigger, x.milestone, x.channel, x.recipient, $4, $5, x.context, x.status, x.reason,
       x.send_after, x.collapsed_into
     FROM jsonb_to_recordset($6::jsonb) AS x(trigger text, milestone text, channel text, recipient text,
       context jsonb, status text, reason text, send_after timestamptz, collapsed_into bigint)
     ON CONFLICT (shipment_id, trigger, milestone, channel) DO NOTHING
     RETURNING id, trigger, milestone, channel`,
    [sellerId, shipment.id, shipment.order_id, shipment.locale, shipment.time_zone, JSON.stringify(rows)],
  );
}
