/**
 * The e-mails the seller's team gets when alerts open (English: the dashboard is an operator tool), and the
 * digest that gathers them. A carrier outage opens dozens of alerts in one evaluation: one e-mail per alert and
 * address buried the team's inbox. Alerts opened while a team e-mail to the same address still waits fold into it
 * (collapsed, reason "digest"; decided in src/exceptions/team-emails.ts), and that e-mail lists them all.
 */
import { parcelName } from "../carriers/registry.js";
import type { Database } from "../db/client.js";
import type { ClaimedNotification } from "./compose.js";
import { escapeHtml } from "./email-layout.js";

const str = (v: unknown) => (typeof v === "string" ? v : null);

const ALERT_TITLES: Readonly<Record<string, string>> = {
  stalled: "Stalled: no carrier scan for longer than usual",
  not_picked_up: "Not picked up by the carrier",
  late: "Late: past the delivery window",
  failed_attempt: "Delivery attempt failed",
  carrier_exception: "Carrier exception",
  returning: "Returning to sender",
  returned: "Returned to sender",
  presumed_lost: "Presumed lost",
};

/** A kind in a few words, for a digest's subject ("3 stalled, 2 late"). */
const KIND_WORDS: Readonly<Record<string, string>> = {
  stalled: "stalled",
  not_picked_up: "not picked up",
  late: "late",
  failed_attempt: "failed attempt",
  carrier_exception: "carrier exception",
  returning: "returning",
  returned: "returned",
  presumed_lost: "presumed lost",
};

const oneLine = (text: string) => text.replace(/[\r\n]+/g, " ");
const dashboardOf = (publicUrl: string) => `${publicUrl.replace(/\/$/, "")}/app`;

/** One alert's facts, from the notification's frozen context. */
function alertFacts(c: Record<string, unknown>) {
  return {
    order: str(c.orderNumber) ?? "(no order)",
    shipment: parcelName(str(c.carrier), str(c.trackingNumber)),
    status: `${str(c.status) ?? ""}${c.substatus ? ` (${str(c.substatus)})` : ""}`,
    severity: str(c.severity) ?? "",
  };
}

/** The e-mail about one alert. */
export function renderTeamAlert(n: ClaimedNotification, trackingLink: string, publicUrl: string) {
  const c = n.context;
  const kind = str(c.alertKind) ?? "alert";
  const title = ALERT_TITLES[kind] ?? kind;
  const f = alertFacts(c);
  const subject = oneLine(`[${n.seller_name}] ${title} – order ${f.order}`);
  const facts = [
    `Order: ${f.order}`,
    `Shipment: ${f.shipment}`,
    `Status: ${f.status}`,
    `Severity: ${f.severity}`,
  ];
  const dashboard = dashboardOf(publicUrl);
  const text = [title, "", ...facts, "", `Tracking page: ${trackingLink}`, `Dashboard: ${dashboard}`].join(
    "\n",
  );
  const e = escapeHtml;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${e(subject)}</title></head><body style="font-family:Arial,sans-serif">
<h1 style="font-size:18px">${e(title)}</h1><ul>${facts.map((x) => `<li>${e(x)}</li>`).join("")}</ul>
<p><a href="${e(trackingLink)}">Tracking page</a> · <a href="${e(dashboard)}">Dashboard</a></p></body></html>`;
  return { subject, text, html };
}

export interface GatheredAlert {
  shipmentId: string;
  context: Record<string, unknown>;
}

/** The alerts whose team e-mails folded into this one, oldest first. */
export function gatheredAlerts(db: Database, notificationId: number): Promise<GatheredAlert[]> {
  return db.query<GatheredAlert>(
    `SELECT shipment_id AS "shipmentId", context FROM notifications
     WHERE collapsed_into = $1 AND reason = 'digest' ORDER BY id`,
    [notificationId],
  );
}

/** Alerts listed per kind; the rest of a kind is one line linking to the queue filtered by it (an outage's hundreds). */
const LISTED_PER_KIND = 25;

/** One e-mail for several alerts: how many of each kind, then each alert under its kind, linked to its shipment. */
export function renderTeamDigest(sellerName: string, alerts: readonly GatheredAlert[], publicUrl: string) {
  const byKind = new Map<string, GatheredAlert[]>();
  for (const a of alerts) {
    const kind = str(a.context.alertKind) ?? "alert";
    byKind.set(kind, [...(byKind.get(kind) ?? []), a]);
  }
  const kinds = [...byKind].sort((a, b) => b[1].length - a[1].length);
  const counts = kinds.map(([kind, list]) => `${list.length} ${KIND_WORDS[kind] ?? kind}`).join(", ");
  const subject = oneLine(`[${sellerName}] ${alerts.length} new alerts – ${counts}`);
  const dashboard = dashboardOf(publicUrl);
  const more = (list: readonly GatheredAlert[]) => list.length - LISTED_PER_KIND;
  const queueOf = (kind: string) => `${dashboard}/exceptions?kind=${encodeURIComponent(kind)}&state=active`;
  const line = (a: GatheredAlert) => {
    const f = alertFacts(a.context);
    return {
      text: `Order ${f.order} · ${f.shipment} · ${f.status} · ${f.severity}`,
      url: `${dashboard}/shipments/${a.shipmentId}`,
    };
  };
  const text = [
    `${alerts.length} new alerts`,
    ...kinds.flatMap(([kind, list]) => [
      "",
      `${ALERT_TITLES[kind] ?? kind} (${list.length})`,
      ...list.slice(0, LISTED_PER_KIND).map((a) => {
        const l = line(a);
        return `- ${l.text}\n  ${l.url}`;
      }),
      ...(list.length > LISTED_PER_KIND ? [`- and ${more(list)} more: ${queueOf(kind)}`] : []),
    ]),
    "",
    `Exception queue: ${dashboard}/exceptions`,
  ].join("\n");
  const e = escapeHtml;
  const sections = kinds
    .map(
      ([kind, list]) =>
        `<h2 style="font-size:16px">${e(ALERT_TITLES[kind] ?? kind)} (${list.length})</h2><ul>${list
          .slice(0, LISTED_PER_KIND)
          .map((a) => {
            const l = line(a);
            return `<li><a href="${e(l.url)}">${e(l.text)}</a></li>`;
          })
          .join("")}${
          list.length > LISTED_PER_KIND
            ? `<li><a href="${e(queueOf(kind))}">and ${more(list)} more</a></li>`
            : ""
        }</ul>`,
    )
    .join("\n");
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${e(subject)}</title></head><body style="font-family:Arial,sans-serif">
<h1 style="font-size:18px">${e(`${alerts.length} new alerts`)}</h1>
${sections}
<p><a href="${e(`${dashboard}/exceptions`)}">Exception queue</a></p></body></html>`;
  return { subject, text, html };
}
