/** One parcel: status in plain words, progress, delivery window, help when needed, carrier, scan history. */
import { isReportedLost } from "../../../core/status.js";
import { hasMessage, type MessageKey } from "../../i18n/index.js";
import type { ShipmentView } from "../model.js";
import { formatDateTime, formatDay, formatShortDate } from "./format.js";
import { html, type SafeHtml } from "./html.js";
import type { ViewContext } from "./layout.js";

const TONE: Record<string, string> = {
  delivered: "good",
  exception: "bad",
  attempt_failed: "bad",
  return_to_sender: "bad",
  returned: "bad",
  cancelled: "bad",
  expired: "bad",
};

/** The headline for a parcel's status (returns read differently: the shopper is the sender). */
export function statusTitle(ctx: ViewContext, s: ShipmentView): string {
  if (s.direction === "return") {
    const key = `return.${s.status}.title`;
    if (hasMessage(key)) return ctx.t(key);
  }
  return ctx.t(`status.${s.status}.title` as MessageKey);
}

function nextStep(ctx: ViewContext, s: ShipmentView): string {
  const seller = { seller: ctx.brand.name };
  if (s.direction === "return")
    return ctx.t(s.status === "delivered" ? "return.delivered.next" : "return.next", seller);
  const specific = `status.${s.status}.${s.substatus ?? ""}.next`;
  return ctx.t(hasMessage(specific) ? specific : (`status.${s.status}.next` as MessageKey), seller);
}

function steps(ctx: ViewContext, s: ShipmentView): SafeHtml {
  const items = s.steps.map((step) => {
    const label = ctx.t(`milestone.${step.label}` as MessageKey);
    const current = step.state === "current" || step.state === "problem";
    return html`<li class="step is-${step.state}" aria-current="${current ? "step" : "false"}">
      <span class="dot" aria-hidden="true"></span><span class="step-label">${label}</span
      ><span class="sr-only"> (${ctx.t(`milestone.state.${step.state}`)})</span>
    </li>`;
  });
  return html`<ol class="steps" aria-label="${ctx.t("milestone.progress")}">
    ${items}
  </ol>`;
}

function deliveryWindow(ctx: ViewContext, s: ShipmentView, timeZone: string | null): SafeHtml {
  const { t, lang } = ctx;
  if (s.status === "delivered" && s.deliveredAt) {
    return html`<p class="window big">
      ${t("delivered.on", { date: formatDateTime(s.deliveredAt, lang, timeZone) })}
    </p>`;
  }
  if (["returned", "return_to_sender", "cancelled", "expired"].includes(s.status)) return html``;
  if (isReportedLost(s.substatus)) return html``;
  if (!s.window) {
    return s.direction === "outbound" ? html`<p class="window muted">${t("window.none")}</p>` : html``;
  }
  const { current, history } = s.window;
  const when =
    current.earliest === current.latest
      ? formatDay(current.earliest, lang)
      : t("window.range", { from: formatDay(current.earliest, lang), to: formatDay(current.latest, lang) });
  const source =
    current.source === "carrier"
      ? t("window.source.carrier", { carrier: s.carrierName })
      : current.source === "promise"
        ? t("window.source.promise", { seller: ctx.brand.name })
        : t("window.source.prediction");
  const first = history[0];
  const movedLater = !!first && first.latest < current.latest;
  // A window is read by its last day ("by Tuesday"): an earlier window that ended on the same day only narrowed,
  // and "previously expected Tuesday" above a window ending Tuesday would read as a contradiction.
  const previous = history.at(-1);
  const previously =
    previous && previous.latest !== current.latest
      ? html`${t("window.previously", { date: formatDay(previous.latest, lang) })} `
      : "";
  return html`<div class="window">
    <h3>${t("window.heading")}</h3>
    <p class="big">${when}</p>
    <p class="muted">${source}</p>
    ${s.late ? html`<p class="warn">${t("window.passed")}</p>` : ""}
    ${previously || movedLater ? html`<p>${previously}${movedLater ? html`<span class="warn">${t("window.late")}</span>` : ""}</p>` : ""}
    ${
      history.length > 1
        ? html`<details>
            <summary>${t("window.history")}</summary>
            <ol class="plain">
              ${history.map(
                (h) =>
                  html`<li>
                    ${t("window.changedOn", { when: formatShortDate(h.at, lang, null), date: formatDay(h.latest, lang) })}
                  </li>`,
              )}
            </ol>
          </details>`
        : ""
    }
  </div>`;
}

/**
 * A parcel that is slow but still expected to move. The others (damaged, lost, refused, an attempt missed,
 * going back to the shop) are not delays that resolve by waiting: their status text already says what happens
 * next, so the box only offers the way to the seller instead of "most delays resolve within a few days".
 */
function isDelay(s: ShipmentView): boolean {
  if (s.status === "exception") return s.substatus === "weather_delay";
  return !["attempt_failed", "return_to_sender", "returned", "expired"].includes(s.status);
}

function help(ctx: ViewContext, s: ShipmentView): SafeHtml {
  if (!s.needsHelp) return html``;
  const { t, brand } = ctx;
  const delay = isDelay(s);
  return html`<div class="help">
    <h3>${t("help.heading")}</h3>
    ${delay && s.late ? html`<p>${t("help.delayed")}</p>` : ""}
    ${delay && s.stalledDays !== null ? html`<p>${t("help.stalled", { days: s.stalledDays })}</p>` : ""}
    <p>${delay ? t("help.whatToDo", { seller: brand.name }) : t("help.problem", { seller: brand.name })}</p>
    <ul class="links">
      ${brand.supportUrl ? html`<li><a href="${brand.supportUrl}" rel="noopener">${t("help.contact", { seller: brand.name })}</a></li>` : ""}
      ${brand.supportEmail ? html`<li><a href="mailto:${brand.supportEmail}">${t("help.email", { email: brand.supportEmail })}</a></li>` : ""}
    </ul>
  </div>`;
}

function carrier(ctx: ViewContext, s: ShipmentView): SafeHtml {
  const { t } = ctx;
  return html`<dl class="facts">
      <div>
        <dt>${t("parcel.carrier")}</dt>
        <dd>${s.carrierName}</dd>
      </div>
      <div>
        <dt>${t("parcel.trackingNumber")}</dt>
        <dd class="mono">${s.trackingNumber}</dd>
      </div>
      ${
        s.service
          ? html`<div>
              <dt>${t("parcel.service")}</dt>
              <dd>${s.service}</dd>
            </div>`
          : ""
      }
    </dl>
    ${
      s.carrierUrl
        ? html`<p>
            <a class="out" href="${s.carrierUrl}" target="_blank" rel="noopener noreferrer"
              >${t("parcel.carrierLink", { carrier: s.carrierName })}<span class="sr-only">
                ${t("parcel.newWindow")}</span
              ></a
            >
          </p>`
        : ""
    }`;
}

function history(ctx: ViewContext, s: ShipmentView, timeZone: string | null, headingId: string): SafeHtml {
  const { t, lang } = ctx;
  if (s.scans.length === 0)
    return html`<h3 id="${headingId}">${t("history.heading")}</h3>
      <p class="muted">${t("history.empty")}</p>`;
  const scan = (e: ShipmentView["scans"][number]) =>
    html`<li>
      <time datetime="${e.at.toISOString()}" data-local>${formatDateTime(e.at, lang, timeZone)}</time>
      <span class="desc">${e.description}</span>${e.place ? html`<span class="place">${e.place}</span>` : ""}
    </li>`;
  // The latest scans say where the parcel is; a long history folds behind them (no script needed), so an
  // order of several parcels stays a page a shopper can scroll.
  const shown = s.scans.length > FOLD_AFTER + 2 ? FOLD_AFTER : s.scans.length;
  const earlier = s.scans.slice(shown);
  return html`<h3 id="${headingId}">${t("history.heading")}</h3>
    <ol class="scans" aria-labelledby="${headingId}">
      ${s.scans.slice(0, shown).map(scan)}
    </ol>
    ${
      earlier.length
        ? html`<details class="earlier-scans">
          <summary>${t("history.earlier", { count: earlier.length })}</summary>
          <ol class="scans" start="${shown + 1}" aria-labelledby="${headingId}">
            ${earlier.map(scan)}
          </ol>
        </details>`
        : ""
    }`;
}

/** Scans shown before the rest of a long history folds away. */
const FOLD_AFTER = 3;

/** A parcel card; `title` is "Your parcel", "Parcel 1 of 2" or "Return parcel". */
export function parcelCard(
  ctx: ViewContext,
  s: ShipmentView,
  input: { id: string; title: string; timeZone: string | null; headingLevel: 1 | 2 },
): SafeHtml {
  const tone = TONE[s.status] ?? (s.late || s.stalledDays !== null ? "warn" : "neutral");
  const heading =
    input.headingLevel === 1
      ? html`<h1 id="${input.id}-h" class="status-title">${statusTitle(ctx, s)}</h1>`
      : html`<h2 id="${input.id}-h">
          <span class="parcel-name">${input.title}</span>
          <span class="status-title">${statusTitle(ctx, s)}</span>
        </h2>`;
  return html`<section
    class="card parcel tone-${tone}${s.direction === "return" ? " is-return" : ""}"
    id="${input.id}"
    aria-labelledby="${input.id}-h"
  >
    ${heading}
    <p class="next">${nextStep(ctx, s)}</p>
    ${s.direction === "outbound" ? steps(ctx, s) : ""} ${deliveryWindow(ctx, s, input.timeZone)}
    ${help(ctx, s)} ${carrier(ctx, s)} ${history(ctx, s, input.timeZone, `${input.id}-history`)}
  </section>`;
}
