/** The e-mail the seller's team gets about a return (English: the dashboard is an operator tool). */
import { escapeHtml } from "../notifications/email-layout.js";

const str = (v: unknown) => (typeof v === "string" ? v : null);

const TITLES: Readonly<Record<string, string>> = {
  return_requested: "Return requested: approve or reject it",
  return_received: "Return received: check the items and refund",
};

/** Subject, text and HTML of a team return e-mail from the notification's frozen context. */
export function renderTeamReturn(
  sellerName: string,
  trigger: string,
  context: Record<string, unknown>,
  publicUrl: string,
) {
  const title = TITLES[trigger] ?? "Return update";
  const order = str(context.orderNumber) ?? "(no order)";
  const subject = `[${sellerName}] ${title} – order ${order}`.replace(/[\r\n]/g, " ");
  const items = Array.isArray(context.items)
    ? (context.items as { name?: unknown; quantity?: unknown }[]).map(
        (i) => `${String(i.quantity ?? 1)} × ${String(i.name ?? "")}`,
      )
    : [];
  const facts = [
    `Order: ${order}`,
    `Reason: ${str(context.reasonCode) ?? ""}${context.reasonText ? ` – “${str(context.reasonText)}”` : ""}`,
    ...items.map((i) => `Item: ${i}`),
    ...(context.trackingNumber
      ? [`Return parcel: ${str(context.carrier) ?? ""} ${str(context.trackingNumber)}`]
      : []),
  ];
  const link = `${publicUrl.replace(/\/$/, "")}/app/returns/${str(context.returnId) ?? ""}`;
  const text = [title, "", ...facts, "", `In the dashboard: ${link}`].join("\n");
  const e = escapeHtml;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${e(subject)}</title></head><body style="font-family:Arial,sans-serif">
<h1 style="font-size:18px">${e(title)}</h1><ul>${facts.map((f) => `<li>${e(f)}</li>`).join("")}</ul>
<p><a href="${e(link)}">Open the return in the dashboard</a></p></body></html>`;
  return { subject, text, html };
}
