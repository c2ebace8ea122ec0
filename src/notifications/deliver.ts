/**
 * The sender: claims due notifications (FOR UPDATE SKIP LOCKED, so any number of workers share the table),
 * marks them `sending` with a lease and commits before handing them to a channel, then records the outcome.
 * The channel calls back at its point of no return (the SMTP end-of-data, the SMS request) and the sender
 * records `handoff_at` first, fenced by the claim (status and attempt number). A worker that dies mid-send
 * leaves a `sending` row whose lease expires, and the next run settles it from `handoff_at`:
 *   - not handed off: nothing can have reached the provider, so the row is queued again (never lost);
 *   - handed off: never sent again (never twice): an e-mail counts as sent, `unconfirmed`; an SMS, whose
 *     request may or may not have arrived, is failed with `outcome_unknown` for the operator to check.
 * A slow worker whose lease ran out meanwhile finds its claim gone at the hand-off and abandons the message.
 */
import { counter, histogram } from "../core/metrics.js";
import type { Database, SqlSession } from "../db/client.js";
import { DeliveryError, type EmailChannel, type HandOff, type SmsChannel } from "./channel.js";
import { composeMessage, type ClaimedNotification } from "./compose.js";
import { resolvePolicy, type NotificationPolicy } from "./policy.js";
import { quietHoursEnd } from "./quiet-hours.js";
import type { CustomTemplate } from "./render.js";

export interface DeliveryDeps {
  email: EmailChannel;
  sms: SmsChannel;
  /** Base URL of links in messages. */
  publicUrl: string;
  /** Sender address when the seller's policy names none. */
  mailFrom: string;
  batchSize?: number;
  /** Messages handed over at the same time. */
  concurrency?: number;
  leaseSeconds?: number;
  maxAttempts?: number;
}

export interface DeliveryReport {
  /** Due rows this run looked at (a full batch means there may be more). */
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  suppressed: number;
  held: number;
  /** Messages of a dead worker queued again: it stopped before handing them over. */
  requeued: number;
  /** Messages of a dead worker settled without sending again: it stopped after handing them over. */
  settled: number;
}

/** Thrown at the hand-off when the claim on the message is gone (another run took it back). */
class ClaimLostError extends Error {
  override name = "ClaimLostError";
}

export const notificationsSent = counter(
  "shipwatch_notifications_sent_total",
  "Notification hand-offs, by channel, transport and outcome (sent, retried, failed, suppressed).",
);
export const notificationLatency = histogram(
  "shipwatch_notification_handoff_seconds",
  "Seconds from the decision (ingest transaction) to the hand-off to the channel.",
  [0.1, 0.25, 0.5, 1, 2, 5, 15, 60, 300, 3600],
);

/** Retry delay after the n-th failed attempt: 1, 2, 4 ... minutes, at most an hour. */
export const retryDelayMs = (attempt: number) => Math.min(3_600_000, 60_000 * 2 ** Math.max(0, attempt - 1));

/** Sends the notifications that are due; returns what happened. Safe to run from many workers at once. */
export async function deliverDueNotifications(
  db: Database,
  deps: DeliveryDeps,
  now: Date = new Date(),
): Promise<DeliveryReport> {
  const report: DeliveryReport = {
    claimed: 0,
    sent: 0,
    retried: 0,
    failed: 0,
    suppressed: 0,
    held: 0,
    requeued: 0,
    settled: 0,
  };
  const lease = deps.leaseSeconds ?? 120;
  await settleAbandoned(db, now, deps.maxAttempts ?? 8, report);
  const claimed = await db.session((s) => claim(s, deps.batchSize ?? 100, lease, now, report));
  const policies = new Map<string, NotificationPolicy>();
  const templates = new Map<string, { email?: CustomTemplate; sms?: CustomTemplate }>();
  const queue = [...claimed];
  const workers = Array.from({ length: Math.min(deps.concurrency ?? 16, queue.length) }, async () => {
    for (let n = queue.shift(); n; n = queue.shift()) {
      const policy = policies.get(n.seller_id) ?? (await loadPolicyOf(db, n.seller_id));
      policies.set(n.seller_id, policy);
      const key = `${n.seller_id}|${n.trigger}|${n.locale ?? "en"}`;
      const custom = templates.get(key) ?? (await loadTemplates(db, n));
      templates.set(key, custom);
      await sendOne(db, deps, n, policy, custom, report);
    }
  });
  await Promise.all(workers);
  return report;
}

/** Settles the rows of workers that died mid-send (their lease ran out), from whether they handed off. */
async function settleAbandoned(db: Database, now: Date, maxAttempts: number, report: DeliveryReport) {
  const rows = await db.query<{ status: string }>(
    `UPDATE notifications SET claimed_until = NULL,
       status = CASE WHEN handoff_at IS NULL AND attempts < $2 THEN 'queued'
         WHEN handoff_at IS NOT NULL AND channel = 'email' THEN 'sent' ELSE 'failed' END,
       reason = CASE WHEN handoff_at IS NULL AND attempts < $2 THEN 'worker_lost'
         WHEN handoff_at IS NOT NULL AND channel = 'email' THEN 'unconfirmed'
         WHEN handoff_at IS NULL THEN 'worker_lost' ELSE 'outcome_unknown' END,
       sent_at = CASE WHEN handoff_at IS NOT NULL AND channel = 'email' THEN handoff_at ELSE sent_at END,
       send_after = CASE WHEN handoff_at IS NULL THEN $1::timestamptz ELSE send_after END,
       last_error = CASE WHEN handoff_at IS NULL
         THEN 'the worker stopped before handing the message over: nothing left, queued again'
         ELSE 'the worker stopped after handing the message over, before the provider confirmed it: not resent' END
     WHERE status = 'sending' AND claimed_until < $1 RETURNING status`,
    [now.toISOString(), maxAttempts],
  );
  report.requeued += rows.filter((r) => r.status === "queued").length;
  report.settled += rows.filter((r) => r.status !== "queued").length;
}

async function claim(
  s: SqlSession,
  limit: number,
  leaseSeconds: number,
  now: Date,
  report: DeliveryReport,
): Promise<ClaimedNotification[]> {
  const lock = s.engine === "postgres" ? "FOR UPDATE OF n SKIP LOCKED" : "";
  const due = await s.query<ClaimedNotification & { unsubscribed: boolean; muted: boolean; policy: unknown }>(
    `SELECT n.id, n.seller_id, n.shipment_id, n.order_id, n.audience, n.trigger, n.milestone, n.channel, n.recipient,
       n.locale, n.time_zone, n.context, n.attempts, se.name AS seller_name, se.slug AS seller_slug, se.branding,
       o.first_name, ns.policy,
       COALESCE(p.unsubscribed_at IS NOT NULL, false) AS unsubscribed,
       COALESCE(n.trigger = ANY(p.muted_triggers), false) AS muted
     FROM notifications n
     JOIN sellers se ON se.id = n.seller_id
     LEFT JOIN orders o ON o.id = n.order_id
     LEFT JOIN notification_settings ns ON ns.seller_id = n.seller_id
     LEFT JOIN notification_preferences p ON n.audience = 'shopper' AND p.seller_id = n.seller_id
       AND p.channel = n.channel AND p.address = n.recipient
     WHERE n.status = 'queued' AND n.send_after <= $1
     ORDER BY n.send_after, n.id LIMIT $2 ${lock}`,
    [now.toISOString(), limit],
  );
  report.claimed = due.length;
  const ready: ClaimedNotification[] = [];
  for (const n of due) {
    if (n.unsubscribed || n.muted) {
      await s.query("UPDATE notifications SET status = 'suppressed', reason = $2 WHERE id = $1", [
        n.id,
        n.unsubscribed ? "unsubscribed" : "muted",
      ]);
      report.suppressed += 1;
      notificationsSent.inc({ channel: n.channel, transport: "none", outcome: "suppressed" });
      continue;
    }
    // A manual send the seller forced goes out at once; everything else to a shopper's phone waits for morning.
    if (n.channel === "sms" && n.audience === "shopper" && n.context.forced !== true) {
      const policy = resolvePolicy(n.policy);
      const release = quietHoursEnd(now, n.time_zone ?? policy.defaultTimeZone, policy.quietHours);
      if (release) {
        await s.query("UPDATE notifications SET send_after = $2 WHERE id = $1", [
          n.id,
          release.toISOString(),
        ]);
        report.held += 1;
        continue;
      }
    }
    ready.push(n);
  }
  if (ready.length > 0) {
    await s.query(
      `UPDATE notifications SET status = 'sending', attempts = attempts + 1, handoff_at = NULL,
         claimed_until = $2::timestamptz + make_interval(secs => $3)
       WHERE id = ANY($1::bigint[])`,
      [ready.map((n) => n.id), now.toISOString(), leaseSeconds],
    );
  }
  return ready.map((n) => ({ ...n, attempts: n.attempts + 1 }));
}

async function sendOne(
  db: Database,
  deps: DeliveryDeps,
  n: ClaimedNotification,
  policy: NotificationPolicy,
  templates: { email?: CustomTemplate; sms?: CustomTemplate },
  report: DeliveryReport,
): Promise<void> {
  const channel = n.channel === "email" ? deps.email : deps.sms;
  let handedOff = false;
  const handOff: HandOff = async () => {
    const marked = await db.query(
      `UPDATE notifications SET handoff_at = clock_timestamp()
       WHERE id = $1 AND status = 'sending' AND attempts = $2 AND handoff_at IS NULL RETURNING id`,
      [n.id, n.attempts],
    );
    if (marked.length === 0) throw new ClaimLostError(`notification ${n.id} was taken back from this worker`);
    handedOff = true;
  };
  let composed: Awaited<ReturnType<typeof composeMessage>> | undefined;
  try {
    composed = await composeMessage(db, n, {
      publicUrl: deps.publicUrl,
      mailFrom: deps.mailFrom,
      policy,
      templates,
    });
    const result =
      n.channel === "email"
        ? await deps.email.send(composed.email, handOff)
        : await deps.sms.send({ to: n.recipient, body: composed.sms }, handOff);
    await recordSent(db, n, channel.transport, result.providerMessageId, composed, null);
    report.sent += 1;
    notificationsSent.inc({ channel: n.channel, transport: channel.transport, outcome: "sent" });
  } catch (error) {
    // Another run owns the message now: leave its row alone.
    if (error instanceof ClaimLostError) return;
    const outcome = error instanceof DeliveryError ? error.outcome : "unknown";
    const message = (error as Error).message.slice(0, 1000);
    if (outcome === "unconfirmed" && handedOff && composed) {
      await recordSent(db, n, channel.transport, null, composed, message);
      report.sent += 1;
      notificationsSent.inc({ channel: n.channel, transport: channel.transport, outcome: "unconfirmed" });
      return;
    }
    const retry = outcome === "retryable" && n.attempts < (deps.maxAttempts ?? 8);
    await db.query(
      `UPDATE notifications SET status = $2, reason = $3, last_error = $4, claimed_until = NULL, transport = $5,
         send_after = CASE WHEN $2 = 'queued' THEN clock_timestamp() + make_interval(secs => $6) ELSE send_after END
       WHERE id = $1 AND attempts = $7 AND status = 'sending'`,
      [
        n.id,
        retry ? "queued" : "failed",
        retry ? "retrying" : outcome === "unknown" || outcome === "unconfirmed" ? "outcome_unknown" : outcome,
        message,
        channel.transport,
        retryDelayMs(n.attempts) / 1000,
        n.attempts,
      ],
    );
    if (retry) report.retried += 1;
    else report.failed += 1;
    notificationsSent.inc({
      channel: n.channel,
      transport: channel.transport,
      outcome: retry ? "retried" : "failed",
    });
  }
}

/** Records a message as sent with what was sent; `unconfirmed` when the provider's answer never came. */
async function recordSent(
  db: Database,
  n: ClaimedNotification,
  transport: string,
  providerMessageId: string | null,
  composed: Awaited<ReturnType<typeof composeMessage>>,
  unconfirmed: string | null,
): Promise<void> {
  const [row] = await db.query<{ seconds: number }>(
    `UPDATE notifications SET status = 'sent', sent_at = COALESCE(handoff_at, clock_timestamp()), claimed_until = NULL,
       transport = $2, provider_message_id = $3, subject = $4, body_text = $5, body_html = $6,
       reason = CASE WHEN $7::text IS NULL THEN NULL ELSE 'unconfirmed' END, last_error = $7
     WHERE id = $1 AND attempts = $8 AND status IN ('sending', 'sent')
     RETURNING EXTRACT(EPOCH FROM (sent_at - decided_at))::float8 AS seconds`,
    [
      n.id,
      transport,
      providerMessageId,
      composed.subject,
      n.channel === "sms" ? composed.sms : composed.text,
      n.channel === "sms" ? null : composed.html,
      unconfirmed,
      n.attempts,
    ],
  );
  if (row) notificationLatency.observe(row.seconds, { channel: n.channel });
}

async function loadPolicyOf(db: Database, sellerId: string): Promise<NotificationPolicy> {
  const rows = await db.query<{ policy: unknown }>(
    "SELECT policy FROM notification_settings WHERE seller_id = $1",
    [sellerId],
  );
  return resolvePolicy(rows[0]?.policy);
}

/**
 * The seller's own templates for this trigger and the shopper's language (exact locale, then its primary
 * language). A seller's English template never replaces the built-in wording in the shopper's language.
 */
async function loadTemplates(db: Database, n: ClaimedNotification) {
  const rows = await db.query<{
    channel: string;
    locale: string;
    subject: string | null;
    body_text: string;
    body_html: string | null;
  }>(
    `SELECT channel, locale, subject, body_text, body_html FROM notification_templates
     WHERE seller_id = $1 AND trigger = $2`,
    [n.seller_id, n.trigger],
  );
  const wanted = [n.locale ?? "en", (n.locale ?? "en").split("-")[0]!].map((l) => l.toLowerCase());
  const pick = (channel: string): CustomTemplate | undefined => {
    for (const l of wanted) {
      const r = rows.find((x) => x.channel === channel && x.locale.toLowerCase() === l);
      if (r) return { subject: r.subject, bodyText: r.body_text, bodyHtml: r.body_html };
    }
    return undefined;
  };
  return { email: pick("email"), sms: pick("sms") };
}
