/**
 * A ticket's content: the alert's facts (helpdesk-presets.ts `ticketText`) followed by the shipment's timeline,
 * in plain text and in HTML where every carrier description, place and name is escaped.
 */
import { ticketText } from "../exceptions/helpdesk-presets.js";
import { escapeHtml } from "../web/html.js";

export interface TimelineEvent {
  occurredAt: Date;
  status: string | null;
  description: string;
  place: string | null;
}

export interface TicketContent {
  subject: string;
  text: string;
  html: string;
}

const when = (d: Date) => `${new Date(d).toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** Subject, text and HTML for the ticket of an alert on a shipment with this timeline (newest first). */
export function ticketContent(
  alert: Record<string, unknown>,
  timeline: readonly TimelineEvent[],
): TicketContent {
  const { subject, body } = ticketText(alert);
  const line = (e: TimelineEvent) =>
    [when(e.occurredAt), e.status ?? "", e.description, e.place ?? ""].filter(Boolean).join(" · ");
  const events = timeline.length ? timeline.map(line) : ["(no carrier scan yet)"];
  const text = [body, "", "Shipment timeline (newest first):", ...events.map((e) => `- ${e}`)].join("\n");
  const html = [
    `<p>${escapeHtml(body).replace(/\n/g, "<br>")}</p>`,
    "<p><strong>Shipment timeline (newest first)</strong></p>",
    `<ul>${events.map((e) => `<li>${escapeHtml(e)}</li>`).join("")}</ul>`,
  ].join("");
  return { subject, text, html };
}
