/**
 * Returns on the tracking page: the order's return requests with their status and next step, the "Start a
 * return" button while the window is open, and the return form. Plain forms: everything works without script.
 */
import { RETURN_REASONS } from "../../../returns/lifecycle.js";
import { fillText, returnPageText } from "../../../returns/page-i18n.js";
import type { ReturnsPanel } from "../../../returns/page-data.js";
import { formatLongDate, formatShortDate } from "./format.js";
import { html, type SafeHtml } from "./html.js";
import { carried, carriedInputs, layout, type ViewContext } from "./layout.js";

/** The returns block of an order page (token-free, like the rest of the cached page). */
export function returnsBlock(
  ctx: ViewContext,
  panel: ReturnsPanel | null | undefined,
  timeZone: string | null,
): SafeHtml {
  if (!panel || (panel.returns.length === 0 && !panel.canStart)) return html``;
  const r = returnPageText(ctx.lang);
  return html`<section class="card returns" id="returns" aria-labelledby="returns-h">
    <h2 id="returns-h">${r.heading}</h2>
    ${
      panel.returns.length > 0
        ? html`<ul class="return-list">
          ${panel.returns.map(
            (x) =>
              html`<li>
                <p><strong>${r.statuses[x.status]}</strong> · ${fillText(r.requestedOn, { date: formatShortDate(x.requestedAt, ctx.lang, timeZone) })}</p>
                <ul>
                  ${x.items.map((i) => html`<li>${fillText(r.itemLine, { quantity: i.quantity, name: i.name })}</li>`)}
                </ul>
                ${r.nextSteps[x.status] ? html`<p class="muted">${r.nextSteps[x.status]}</p>` : ""}
              </li>`,
          )}
        </ul>`
        : ""
    }
    ${
      panel.canStart
        ? html`<form method="get" class="start-return">
          ${carriedInputs(ctx)}
          <input type="hidden" name="return" value="1" />
          ${panel.until ? html`<p class="muted">${fillText(r.windowUntil, { date: formatLongDate(panel.until, ctx.lang, timeZone) })}</p>` : ""}
          <button type="submit" class="button secondary">${r.start}</button>
        </form>`
        : ""
    }
  </section>`;
}

export interface ReturnFormState {
  error?: string;
  quantities?: Record<string, string>;
  itemName?: string;
  reasonCode?: string;
  comment?: string;
}

/** The return form page; it posts to its own URL (the token stays out of the markup) with a CSRF field. */
export function returnFormPage(
  ctx: ViewContext,
  panel: ReturnsPanel,
  csrf: string,
  state: ReturnFormState = {},
): SafeHtml {
  const r = returnPageText(ctx.lang);
  const qtyOptions = (left: number, chosen: string | undefined) =>
    Array.from({ length: left + 1 }, (_, n) =>
      n === Number(chosen ?? 0)
        ? html`<option value="${n}" selected>${n}</option>`
        : html`<option value="${n}">${n}</option>`,
    );
  const items =
    panel.lines.length > 0
      ? html`<fieldset>
          <legend>${r.items}</legend>
          ${panel.lines.map((line, i) =>
            line.left === 0
              ? ""
              : html`<div class="field return-line">
                  <label for="qty-${i}">${line.name}</label>
                  <select id="qty-${i}" name="qty_${i}" aria-label="${r.quantity}: ${line.name}">
                    ${qtyOptions(line.left, state.quantities?.[`qty_${i}`])}
                  </select>
                </div>`,
          )}
        </fieldset>`
      : html`<fieldset>
          <legend>${r.items}</legend>
          <div class="field">
            <label for="item-name">${r.itemName}</label>
            <input id="item-name" name="itemName" maxlength="200" value="${state.itemName ?? ""}" />
          </div>
          <div class="field">
            <label for="item-qty">${r.quantity}</label>
            <select id="item-qty" name="itemQuantity">
              ${qtyOptions(10, state.quantities?.itemQuantity ?? "1").slice(1)}
            </select>
          </div>
        </fieldset>`;
  const reasons = RETURN_REASONS.map((code) =>
    code === state.reasonCode
      ? html`<option value="${code}" selected>${r.reasons[code]}</option>`
      : html`<option value="${code}">${r.reasons[code]}</option>`,
  );
  const main = html`<h1>${fillText(r.formTitle, { number: panel.orderNumber })}</h1>
    ${
      state.error
        ? html`<div class="alert" role="alert" tabindex="-1" id="return-error"><p>${state.error}</p></div>`
        : ""
    }
    <form class="card return-form" method="post">
      <p>${r.formIntro}</p>
      ${carriedInputs(ctx)}
      <input type="hidden" name="intent" value="return" />
      <input type="hidden" name="csrf" value="${csrf}" />
      ${items}
      <div class="field">
        <label for="reason">${r.reason}</label>
        <select id="reason" name="reasonCode" required>
          <option value="">${r.reasonPlaceholder}</option>
          ${reasons}
        </select>
      </div>
      <div class="field">
        <label for="return-comment">${r.comment}</label>
        <textarea id="return-comment" name="comment" rows="3" maxlength="2000">${state.comment ?? ""}</textarea>
      </div>
      <button type="submit" class="button">${r.submit}</button>
    </form>
    <p><a href="${ctx.currentPath}${carried(ctx)}">${r.cancel}</a></p>`;
  return layout(ctx, { title: fillText(r.formTitle, { number: panel.orderNumber }), main });
}
