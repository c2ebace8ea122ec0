/**
 * Deciding the team's alert e-mails as a digest (src/notifications/team-alert-email.ts renders it). Per seller
 * and address: the alerts of one batch go into one e-mail, and alerts opened while an e-mail to that address still
 * waits join it (collapsed, reason "digest", collapsed_into the waiting one). A new e-mail waits the seller's
 * burst window (`burstWindowSeconds`, as shopper messages do) so that alerts opened moments later can join; 0
 * sends each batch's e-mail at once. A critical alert does not wait: its e-mail, or the one it joins, goes now.
 * A seller who turned the digest off (`teamAlertDigest: false`) gets one e-mail per alert and address, at once.
 * The waiting e-mail is locked while alerts join it, and senders claim with SKIP LOCKED, so it is never sent
 * without an alert that joined it.
 */
import type { SqlSession } from "../db/client.js";
import { insertAlertMessages, type AlertMessage } from "./alert-messages.js";

/** How a seller wants the team's alert e-mails: gathered (waiting this many seconds), or one per alert. */
export interface TeamEmailPolicy {
  digest: boolean;
  burstSeconds: number;
}

/** `emails` are team alert messages; `policyOf` gives a seller's choice (the notification policy). */
export async function insertTeamAlertEmails(
  s: SqlSession,
  emails: readonly AlertMessage[],
  now: Date,
  policyOf: (sellerId: string) => Promise<TeamEmailPolicy>,
): Promise<void> {
  const bySeller = new Map<string, AlertMessage[]>();
  for (const m of emails) bySeller.set(m.seller_id, [...(bySeller.get(m.seller_id) ?? []), m]);
  for (const [sellerId, list] of bySeller) {
    const { digest, burstSeconds: hold } = await policyOf(sellerId);
    if (!digest) {
      await insertAlertMessages(s, list, now);
      continue;
    }
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
    const critical = new Set(list.filter((m) => m.context.severity === "critical").map((m) => m.recipient));
    const queued = (m: AlertMessage): AlertMessage => ({
      ...m,
      send_after: new Date(now.getTime() + (critical.has(m.recipient) ? 0 : hold * 1000)).toISOString(),
    });
    // A critical alert joining an e-mail that waits makes it go now.
    const hurry = [...critical].flatMap((r) => (waiting.has(r) ? [waiting.get(r)!] : []));
    if (hurry.length > 0)
      await s.query(
        "UPDATE notifications SET send_after = LEAST(send_after, $2::timestamptz) WHERE id = ANY($1::bigint[]) AND status = 'queued'",
        [hurry, now.toISOString()],
      );
    // Leaders: the first e-mail to an address with nothing waiting. Everything else joins an e-mail.
    const leaders = new Map<string, AlertMessage>();
    const joiners: AlertMessage[] = [];
    for (const m of list) {
      if (waiting.has(m.recipient) || leaders.has(m.recipient)) joiners.push(m);
      else leaders.set(m.recipient, queued(m));
    }
    for (const l of await insertAlertMessages(s, [...leaders.values()], now)) waiting.set(l.recipient, l.id);
    await insertAlertMessages(
      s,
      joiners.map((m) => {
        const into = waiting.get(m.recipient);
        // A leader that was decided already (a replay) inserted nothing: the rest go out on their own.
        return into === undefined
          ? queued(m)
          : { ...queued(m), status: "collapsed", reason: "digest", collapsed_into: into };
      }),
      now,
    );
  }
}
