/**
 * One round of polls over claimed shipments: grouped by carrier account into the carrier's batch size, paced by
 * the account's shared token bucket, every response stored raw and ingested (source `poll:<carrier>`), then each
 * shipment's next poll decided — by `nextPollAt` after a good answer, by backoff with jitter after a 429, a 5xx,
 * a timeout or bad credentials. A shipment is never dropped: whatever happens, it gets a next poll time. Accounts
 * with push on first subscribe their shipments to the carrier's pushes (push-subscribe.ts); subscribed ones are
 * still polled this round (the carrier pushes no history) and then scheduled as a safety net.
 */
import { getCarrier } from "../../carriers/registry.js";
import { zoneForLocation } from "../../carriers/shared/zones.js";
import type { CarrierClient, FetchedPayload } from "../../carriers/types.js";
import type { DeliveryWindow } from "../../core/events.js";
import { counter } from "../../core/metrics.js";
import type { Database } from "../../db/client.js";
import { ingestMany, type RawInput } from "../ingest.js";
import { backoffDelayMs } from "./backoff.js";
import { sameWindow, windowToKeep } from "./carrier-window.js";
import type { ClaimedShipment } from "./claim.js";
import { nextPollAt, type CarrierCadence } from "./next-poll.js";
import type { PollerDeps } from "./poller-deps.js";
import {
  loadCadence,
  recordDwellSamples,
  writePollStates,
  type DwellSample,
  type PollStateUpdate,
} from "./poll-state-store.js";
import { subscribeForPush, type PushSubscribeReport } from "./push-subscribe.js";
import { blockAccount, takeRequestTokens } from "./rate-limiter.js";

const pollRequests = counter(
  "shipwatch_poll_requests_total",
  "Carrier tracking requests made by polling, by outcome",
);

export interface PollRoundReport {
  claimed: number;
  /** Carrier requests made. */
  requests: number;
  /** Shipments whose poll reached the carrier and was answered. */
  polled: number;
  changed: number;
  errors: number;
  /** Shipments put back because the account's budget was spent (not errors). */
  deferred: number;
  stopped: number;
  /** Push subscription requests and their outcome (accounts with push on). */
  push: PushSubscribeReport;
}

type Outcome =
  | { kind: "ok" }
  | { kind: "error"; message: string; retryAfterMs: number | null }
  | { kind: "deferred"; until: Date };

/** Polls the claimed shipments and records every outcome. */
export async function runPollRound(
  db: Database,
  claimed: readonly ClaimedShipment[],
  deps: PollerDeps,
): Promise<PollRoundReport> {
  const now = new Date(deps.clock.now());
  const report: PollRoundReport = {
    claimed: claimed.length,
    requests: 0,
    polled: 0,
    changed: 0,
    errors: 0,
    deferred: 0,
    stopped: 0,
    push: { requests: 0, subscribed: 0, refused: 0 },
  };
  const pushed = new Set<string>();
  const outcomes = new Map<string, Outcome>();
  const inputsBySeller = new Map<string, RawInput[]>();

  const groups = new Map<string, ClaimedShipment[]>();
  for (const c of claimed) {
    if (!c.account) {
      outcomes.set(c.shipmentId, {
        kind: "error",
        message: "no enabled carrier account polls this carrier",
        retryAfterMs: 24 * 3_600_000,
      });
      continue;
    }
    const list = groups.get(c.account.version) ?? [];
    list.push(c);
    groups.set(c.account.version, list);
  }

  await Promise.all(
    [...groups.values()].map(async (group) => {
      const first = group[0]!;
      const client = clientFor(first, deps);
      if (!client) {
        for (const c of group)
          outcomes.set(c.shipmentId, {
            kind: "error",
            message: `${c.carrier}: no tracking client`,
            retryAfterMs: 24 * 3_600_000,
          });
        return;
      }
      for (const id of await subscribeForPush(db, group, client, deps, now, report.push)) pushed.add(id);
      const chunks: ClaimedShipment[][] = [];
      for (let i = 0; i < group.length; i += client.batchSize)
        chunks.push(group.slice(i, i + client.batchSize));
      const grant = await takeRequestTokens(db, first.account!.id, chunks.length, now);
      for (const chunk of chunks.slice(grant.granted))
        for (const c of chunk)
          outcomes.set(c.shipmentId, {
            kind: "deferred",
            until: grant.retryAt ?? new Date(now.getTime() + 60_000),
          });
      await inParallel(chunks.slice(0, grant.granted), deps.concurrency ?? 8, async (chunk) => {
        report.requests += 1;
        const payloads = await track(client, chunk, deps);
        if (payloads instanceof Error) {
          pollRequests.inc({ carrier: first.carrier, outcome: "network_error" });
          for (const c of chunk)
            outcomes.set(c.shipmentId, { kind: "error", message: payloads.message, retryAfterMs: null });
          return;
        }
        const inputs = inputsBySeller.get(first.sellerId) ?? [];
        inputsBySeller.set(first.sellerId, inputs);
        for (const p of payloads.list) {
          inputs.push({
            source: `poll:${first.carrier}`,
            contentType: p.contentType || "application/octet-stream",
            body: Buffer.from(p.body),
            headers: { "x-http-status": String(p.httpStatus) },
            receivedAt: now,
            trackingNumbers: p.trackingNumbers,
          });
          const outcome = classify(p, payloads.retryAfterMs);
          pollRequests.inc({
            carrier: first.carrier,
            outcome: outcome.kind === "ok" ? "ok" : `http_${p.httpStatus}`,
          });
          if (p.httpStatus === 429)
            await blockAccount(
              db,
              first.account!.id,
              new Date(now.getTime() + (payloads.retryAfterMs ?? 60_000)),
            );
          for (const c of chunk.filter(
            (c) => p.trackingNumbers.includes(c.trackingNumber) || chunk.length === 1,
          ))
            outcomes.set(c.shipmentId, outcome);
        }
        for (const c of chunk)
          if (!outcomes.has(c.shipmentId))
            outcomes.set(c.shipmentId, {
              kind: "error",
              message: "no answer for this number",
              retryAfterMs: null,
            });
      });
    }),
  );

  const answers: Answers = { changedIds: new Set(), windows: new Map() };
  for (const [sellerId, inputs] of inputsBySeller) {
    const result = await ingestMany(db, sellerId, inputs, { createMissingShipments: false });
    for (const s of result.shipments) {
      if (s.eventsAdded > 0) answers.changedIds.add(s.id);
      if (s.deliveryWindow !== undefined) answers.windows.set(s.id, s.deliveryWindow);
    }
  }
  await decideNext(db, claimed, outcomes, answers, pushed, now, deps, report);
  return report;
}

/** What the round's answers taught: which shipments got new events, and the windows the carriers gave. */
interface Answers {
  changedIds: Set<string>;
  /** Shipment id → the answer's delivery window (null: none), for adapters that read windows. */
  windows: Map<string, DeliveryWindow | null>;
}

async function decideNext(
  db: Database,
  claimed: readonly ClaimedShipment[],
  outcomes: Map<string, Outcome>,
  answers: Answers,
  pushed: Set<string>,
  now: Date,
  deps: PollerDeps,
  report: PollRoundReport,
): Promise<void> {
  const rand = deps.rand ?? Math.random;
  const fresh = await db.query<{
    id: string;
    status: string;
    substatus: string | null;
    status_changed_at: Date | null;
    carrier_estimated_delivery: string | null;
  }>(
    `SELECT id, status, substatus, status_changed_at, carrier_estimated_delivery FROM shipments
     WHERE id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb))`,
    [JSON.stringify(claimed.map((c) => c.shipmentId))],
  );
  const byId = new Map(fresh.map((r) => [r.id, r]));
  const cadence = await loadCadence(db, [...new Set(claimed.map((c) => c.carrier))]);
  const updates: PollStateUpdate[] = [];
  const dwell: DwellSample[] = [];
  const expired: ClaimedShipment[] = [];
  for (const c of claimed) {
    const outcome = outcomes.get(c.shipmentId) ?? {
      kind: "error",
      message: "not polled",
      retryAfterMs: null,
    };
    if (outcome.kind === "deferred") {
      report.deferred += 1;
      updates.push({
        shipmentId: c.shipmentId,
        nextPollAt: new Date(outcome.until.getTime() + rand() * 5_000),
        stoppedReason: null,
        polled: false,
        changed: false,
        consecutiveErrors: c.consecutiveErrors,
        lastError: null,
      });
      continue;
    }
    if (outcome.kind === "error") {
      report.errors += 1;
      const errors = c.consecutiveErrors + 1;
      const wait = backoffDelayMs(errors, rand, outcome.retryAfterMs, deps.backoff);
      updates.push({
        shipmentId: c.shipmentId,
        nextPollAt: new Date(now.getTime() + wait),
        stoppedReason: null,
        polled: true,
        changed: false,
        consecutiveErrors: errors,
        lastError: outcome.message,
      });
      continue;
    }
    report.polled += 1;
    const row = byId.get(c.shipmentId);
    const changed = answers.changedIds.has(c.shipmentId);
    if (changed) report.changed += 1;
    const status = (row?.status ?? c.status) as ClaimedShipment["status"];
    const statusChangedAt = row?.status_changed_at ? new Date(row.status_changed_at) : null;
    const window = windowToKeep(status, answers.windows.get(c.shipmentId), c.carrierWindow);
    if (status !== c.status && c.statusChangedAt && statusChangedAt)
      dwell.push({
        carrier: c.carrier,
        status: c.status,
        hours: (statusChangedAt.getTime() - c.statusChangedAt.getTime()) / 3_600_000,
      });
    const decision = nextPollAt(
      {
        status,
        createdAt: c.createdAt,
        lastChangeAt: changed ? now : c.lastChangeAt,
        statusChangedAt,
        estimatedDelivery: row?.carrier_estimated_delivery ?? null,
        destinationZone: zoneForLocation({ country: c.destinationCountry, region: c.destinationRegion }),
        substatus: row ? row.substatus : null,
        deliveryWindow: window,
        pushSubscribed: pushed.has(c.shipmentId),
      },
      {
        ...(cadence.get(c.carrier) ?? ({ dwellHours: {} } satisfies CarrierCadence)),
        // Numbers per request decide whether a look costs a call or a share of one.
        batchSize: (c.account && deps.clients.get(c.account.version)?.batchSize) || 1,
      },
      now,
      rand,
      deps.policy,
    );
    if (decision.kind === "stop") {
      report.stopped += 1;
      if (decision.reason === "expired") expired.push(c);
    }
    updates.push({
      shipmentId: c.shipmentId,
      nextPollAt: decision.kind === "poll" ? decision.at : null,
      stoppedReason: decision.kind === "stop" ? decision.reason : null,
      polled: true,
      changed,
      consecutiveErrors: 0,
      lastError: null,
      ...(sameWindow(window, c.carrierWindow) ? {} : { carrierWindow: window }),
    });
  }
  await writePollStates(db, updates, now);
  await recordDwellSamples(db, dwell);
  await markExpired(db, expired, now);
}

/** Thirty quiet days: the shipment's timeline says so, through the ingest path like any other event. */
async function markExpired(db: Database, expired: readonly ClaimedShipment[], now: Date): Promise<void> {
  const bySeller = new Map<string, ClaimedShipment[]>();
  for (const c of expired) bySeller.set(c.sellerId, [...(bySeller.get(c.sellerId) ?? []), c]);
  for (const [sellerId, list] of bySeller) {
    const events = list.map((c) => ({
      carrier: c.carrier,
      trackingNumber: c.trackingNumber,
      occurredAt: now.toISOString(),
      code: "SW_EXPIRED",
      description: "No carrier update for 30 days; Shipwatch stopped tracking this parcel",
      status: "expired",
    }));
    await ingestMany(
      db,
      sellerId,
      [
        {
          source: "system:polling",
          contentType: "application/json",
          body: Buffer.from(JSON.stringify({ events })),
          receivedAt: now,
        },
      ],
      { createMissingShipments: false },
    );
  }
}

function classify(p: FetchedPayload, retryAfterMs: number | null): Outcome {
  if (p.httpStatus === 429)
    return { kind: "error", message: "carrier rate limit (HTTP 429)", retryAfterMs: retryAfterMs ?? 60_000 };
  if (p.httpStatus >= 500)
    return { kind: "error", message: `carrier server error (HTTP ${p.httpStatus})`, retryAfterMs: null };
  if (p.httpStatus === 401 || p.httpStatus === 403)
    return {
      kind: "error",
      message: `carrier refused the credentials (HTTP ${p.httpStatus})`,
      retryAfterMs: null,
    };
  return { kind: "ok" };
}

async function track(
  client: CarrierClient,
  chunk: readonly ClaimedShipment[],
  deps: PollerDeps,
): Promise<{ list: FetchedPayload[]; retryAfterMs: number | null } | Error> {
  try {
    const res = await client.track(chunk.map((c) => c.trackingNumber));
    return { list: res.payloads, retryAfterMs: res.rateLimit?.retryAfterMs ?? null };
  } catch (error) {
    const e = error as Error;
    return new Error(
      e.name === "TimeoutError" || e.name === "AbortError"
        ? `carrier request timed out after ${deps.timeoutMs ?? 15_000} ms`
        : `carrier request failed: ${e.message}`,
    );
  }
}

function clientFor(c: ClaimedShipment, deps: PollerDeps): CarrierClient | null {
  const cached = deps.clients.get(c.account!.version);
  if (cached) return cached;
  const adapter = getCarrier(c.carrier);
  if (!adapter?.createClient) return null;
  try {
    const client = adapter.createClient({
      baseUrl: c.account!.baseUrl ?? deps.baseUrlFor?.(c.carrier) ?? undefined,
      credentials: c.account!.credentials,
      fetch: deps.fetch,
      now: () => deps.clock.now(),
      timeoutMs: deps.timeoutMs,
    });
    deps.clients.set(c.account!.version, client);
    return client;
  } catch {
    return null; // missing credentials: reported as an error on each shipment
  }
}

async function inParallel<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(workers);
}
