/** The "where is my order" reply helper: paste the shopper's message, get the order and a draft to send. */
import type { FastifyRequest } from "fastify";
import type { WismoDraft } from "../../../support/wismo.js";
import { html, safeUrl, type Html } from "../html.js";
import { csrfField, page } from "../layout.js";

export interface WismoForm {
  subject: string;
  body: string;
  from: string;
}

export function wismoPage(request: FastifyRequest, form: WismoForm, draft?: WismoDraft): Html {
  const result = draft
    ? html`<section aria-labelledby="draft-h">
        <h2 id="draft-h">
          ${
            draft.outcome === "found"
              ? html`Order <a href="${safeUrl(draft.order!.trackingLink)}" rel="noopener">${draft.order!.orderNumber}</a>
                (found by ${draft.matchedBy?.replace("_", " ")})`
              : draft.outcome === "ambiguous"
                ? `Several orders match (by ${draft.matchedBy?.replace("_", " ")}): ${draft.candidates.map((c) => c.orderNumber).join(", ")}`
                : "No order found"
          }
        </h2>
        ${
          draft.senderIsCustomer === false
            ? html`<p class="error" role="alert">
                The sender, ${form.from}, is not the email address on this order. Check that you are answering the
                shopper before you send them its details.
              </p>`
            : ""
        }
        <p class="muted">Draft in ${draft.locale}. Edit it before you send it.</p>
        <label for="draft">Reply: ${draft.subject}</label>
        <textarea id="draft" rows="16" readonly>${draft.reply}</textarea>
      </section>`
    : "";
  return page(request, {
    title: "Reply helper",
    section: "support",
    body: html`<p class="muted">
        Paste a shopper's "where is my order?" message. Shipwatch finds the order (by an order or tracking number in
        the text, else by the sender's address) and drafts a reply in the shopper's language from its live status.
      </p>
      <form method="post" action="/app/support/wismo" class="stack">
        ${csrfField(request)}
        <label for="from">From</label>
        <span class="hint" id="from-hint">The sender's email address, used when the text names no order</span>
        <input id="from" name="from" maxlength="320" value="${form.from}" autocomplete="off" aria-describedby="from-hint" />
        <label for="subject">Subject</label>
        <input id="subject" name="subject" maxlength="1000" value="${form.subject}" autocomplete="off" />
        <label for="body">Message</label>
        <textarea id="body" name="body" rows="10" maxlength="20000">${form.body}</textarea>
        <button type="submit">Find the order and draft a reply</button>
      </form>
      ${result}`,
  });
}
