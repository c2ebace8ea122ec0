/** The lookup page: order number + email or postcode, or a tracking number alone. Works without script. */
import type { MessageKey } from "../../i18n/index.js";
import { carried, carriedInputs, layout, type ViewContext } from "./layout.js";
import { html, type SafeHtml } from "./html.js";

export interface LookupState {
  /** Which form the message belongs to. */
  form?: "order" | "tracking";
  error?: MessageKey;
  errorVars?: Record<string, string | number>;
  /** Echoed back so the shopper can correct a typo (escaped like everything else). */
  orderNumber?: string;
  contact?: string;
  trackingNumber?: string;
  notice?: MessageKey;
}

function errorSummary(ctx: ViewContext, message: string, target: string): SafeHtml {
  return html`<div class="alert" role="alert" tabindex="-1" id="lookup-error">
    <h2>${ctx.t("lookup.errorTitle")}</h2>
    <p><a href="#${target}">${message}</a></p>
  </div>`;
}

/** The lookup page document. */
export function lookupPage(ctx: ViewContext, state: LookupState = {}): SafeHtml {
  const { t } = ctx;
  const message = state.error ? t(state.error, state.errorVars) : null;
  const orderError = state.form === "order" && message;
  const trackingError = state.form === "tracking" && message;
  const invalid = (on: boolean | string | null | undefined) => (on ? html` aria-invalid="true"` : "");
  const main = html` <h1>${t("lookup.heading")}</h1>
    ${state.notice ? html`<p class="notice" role="status">${t(state.notice)}</p>` : ""}
    ${message ? errorSummary(ctx, message, state.form === "tracking" ? "tracking-number" : "order-number") : ""}
    <form class="card lookup" method="post" action="${ctx.basePath}/lookup" novalidate>
      <p>${t("lookup.intro")}</p>
      ${carriedInputs(ctx)}
      <div class="field">
        <label for="order-number">${t("lookup.orderNumber")}</label>
        <p class="hint" id="order-number-hint">${t("lookup.orderNumberHint")}</p>
        <input
          id="order-number"
          name="orderNumber"
          autocomplete="off"
          spellcheck="false"
          required
          maxlength="64"
          aria-describedby="order-number-hint${orderError ? " lookup-error" : ""}"
          ${invalid(orderError)}
          value="${state.orderNumber ?? ""}"
        />
      </div>
      <div class="field">
        <label for="contact">${t("lookup.contact")}</label>
        <p class="hint" id="contact-hint">${t("lookup.contactHint")}</p>
        <input
          id="contact"
          name="contact"
          autocomplete="email"
          spellcheck="false"
          required
          maxlength="254"
          aria-describedby="contact-hint${orderError ? " lookup-error" : ""}"
          ${invalid(orderError)}
          value="${state.contact ?? ""}"
        />
      </div>
      <button type="submit" class="button">${t("lookup.submit")}</button>
    </form>
    <form class="card lookup" method="post" action="${ctx.basePath}/lookup" novalidate>
      <h2>${t("lookup.trackingHeading")}</h2>
      ${carriedInputs(ctx)}
      <div class="field">
        <label for="tracking-number">${t("lookup.trackingNumber")}</label>
        <input
          id="tracking-number"
          name="trackingNumber"
          autocomplete="off"
          spellcheck="false"
          required
          maxlength="64"
          ${trackingError ? html`aria-describedby="lookup-error" aria-invalid="true"` : ""}
          value="${state.trackingNumber ?? ""}"
        />
      </div>
      <button type="submit" class="button secondary">${t("lookup.trackingSubmit")}</button>
    </form>`;
  return layout(ctx, { title: t("page.title", { seller: ctx.brand.name }), main });
}

/** A not-found or error document in the page's look. */
export function messagePage(ctx: ViewContext, title: string, text: string): SafeHtml {
  const main = html`<h1>${title}</h1>
    <p>${text}</p>
    <p><a href="${ctx.basePath}${carried(ctx)}">${ctx.t("nav.newLookup")}</a></p>`;
  return layout(ctx, { title, main });
}
