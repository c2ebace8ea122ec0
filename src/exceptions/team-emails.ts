/**
 * Deciding the team's alert e-mails as a digest (src/notifications/team-alert-email.ts renders it). Per seller
 * and address: the alerts of one batch go into one e-mail, and alerts opened while an e-mail to that address still
 * waits join it (collapsed, reason "digest", collapsed_into the waiting one). A new e-mail waits the seller's
 * burst window (`burstWindowSeconds`, as shopper messages do) so that alerts opened moments later can join; 0
 * sends each batch's e-mail at once. A critical alert does not wait: its e-mail, or the one it joins, goes now. The waiting e-mail is locked while alerts join it, and senders claim with
 * SKIP LOCKED, so it is never sent without an alert that joined it.
 */
import type { SqlSession } from "../db/client.js";
import { loadPolicy } from "../notifications/policy.js";

export interface TeamAlertEmail {
  seller_id: string;
  shipment_id: string;
  order_id: string | null;
  milestone: string;
  recipient: string;
  time_zone: string | null;
  context: Record<string, unknown>;
}

interface Row extends TeamAlertEmail {
  status: "queued" | "collapsed";
  reason: string | null;
  collapsed_into: number | null;
  send_after: string;
}

export async function insertTeamAlertEmails(
  s: SqlSession,
  emails: readonly TeamAlertEmail[],
  now: Date,
): Promise<void> {
  const bySeller = new Map<string, TeamAlertEmail[]>();
  for (const m of emails) bySeller.set(m.seller_id, [...(bySeller.get(m.seller_id) ?? []), m]);
  for (const [sellerId, list] of bySeller) {
    const recipients = [...new Set(list.map((m) => m.recipient))];
    const waiting = new Map<string, number>();
    for (const w of await s.query<{ id: number; recipient: string }>(
      `SELECT id, recipient FROM notifications
       WHERE seller_id = $1 AND recipient = ANY($2::text[]) AND audience = 'team' AND trigger = 'alert'
         AND status = 'queued' AND collapsed_into IS NULL
       ORDER BY id FOR UPDATE`,
      [sellerId, recipients],
    ))
      if (!waiting.has(w.recipient)) waiting.set(w.recipient, w.id);
    const hold = (await loadPolicy(s, sellerId)).burstWindowSeconds;
    const critical = new Set(list.filter(isCritical).map((m) => m.recipient));
    const sendAfterFor = (recipient: string) =>
      new Date(now.getTime() + (critical.has(recipient) ? 0 : hold * 1000)).toISOString();
    // Leaders: the first e-mail to an address with nothing waiting. Everything else joins an e-mail.
    const leaders: Row[] = [];
    const joiners: TeamAlertEmail[] = [];
    for (const m of list) {
      if (waiting.has(m.recipient) || leaders.some((l) => l.recipient === m.recipient)) joiners.push(m);
      else
        leaders.push({
          ...m,
          status: "queued",
          reason: null,
          collapsed_into: null,
          send_after: sendAfterFor(m.recipient),
        });
    }
    // A critical alert joining an e-mail that waits makes it go now.
    const hurry = [...critical].flatMap((r) => (waiting.has(r) ? [waiting.get(r)!] : []));
    if (hurry.length > 0)
      await s.query(
        "UPDATE notifications SET send_after = LEAST(send_after, $2::timestamptz) WHERE id = ANY($1::bigint[]) AND status = 'queued'",
        [hurry, now.toISOString()],
      );
    for (const l of await insertRows(s, leaders, now)) waiting.set(l.recipient, l.id);
    await insertRows(
      s,
      joiners.map((m): Row => {
        const into = waiting.get(m.recipient);
        // A leader that was decided already (a replay) inserted nothing: the rest go out on their own.
        return into === undefined
          ? {
              ...m,
              status: "queued",
              reason: null,
              collapsed_into: null,
              send_after: sendAfterFor(m.recipient),
            }
          : {
              ...m,
              status: "collapsed",
              reason: "digest",
              collapsed_into: into,
              send_after: sendAfterFor(m.recipient),
            };
      }),
      now,
    );
  }
}

const isCritical = (m: TeamAlertEmail) => m.context.severity === "critical";

function insertRows(s: SqlSession, rows: readonly Row[], now: Date) {
  if (rows.length === 0) return Promise.resolve([]);
  return s.query<{ id: number; recipient: string }>(
    `INSERT INTO notifications (seller_id, shipment_id, order_id, audience, trigger, milestone, channel, recipient,
       locale, time_zone, context, status, reason, collapsed_into, send_after, decided_at)
     SELECT x.seller_id, x.shipment_id, x.order_id, 'team', 'alert', x.milestone, 'email', x.recipient, 'en',
       x.time_zone, x.context, x.status, x.reason, x.collapsed_into, x.send_after, $2
     FROM jsonb_to_recordset($1::jsonb) AS x(seller_id uuid, shipment_id uuid, order_id uuid, milestone text,
       recipient text, time_zone text, context jsonb, status text, reason text, collapsed_into bigint,
       send_after timestamptz)
     ON CONFLICT (shipment_id, trigger, milestone, channel) DO NOTHING
     RETURNING id, recipient`,
    [JSON.stringify(rows), now.toISOString()],
  );
}
