/** The results page: an order with all its parcels (split and return shipments labelled), or one parcel alone. */
import type { MessageKey } from "../../i18n/index.js";
import type { TrackingPageModel } from "../model.js";
import { zoneName } from "./format.js";
import { html, type SafeHtml } from "./html.js";
import { carried, layout, type ViewContext } from "./layout.js";
import { parcelCard } from "./parcel.js";
import { ratingBlock, relatedProducts } from "./rating.js";
import { returnsBlock } from "./returns.js";

function timeNote(ctx: ViewContext, model: TrackingPageModel): SafeHtml {
  const text = model.timeZone
    ? ctx.t("history.zone", { zone: zoneName(model.timeZone, ctx.lang) })
    : ctx.t("history.zoneUtc");
  // The enhancing script fills the browser's zone into the template when the server did not know the shopper's.
  return html`<p
    class="muted small"
    id="time-note"
    data-zone="${model.timeZone ?? ""}"
    data-zone-template="${ctx.t("history.zone")}"
  >
    ${text}
  </p>`;
}

const PROBLEMS: ReadonlySet<string> = new Set(["exception", "attempt_failed", "expired", "return_to_sender"]);
const MOVING_STAGES: ReadonlySet<string> = new Set([
  "label_created",
  "partially_shipped",
  "shipped",
  "partially_delivered",
]);

/** The order's headline: its stage, unless a parcel still on its way has a problem (then that comes first). */
function headlineKey(stage: string, outbound: TrackingPageModel["shipments"]): MessageKey {
  if (MOVING_STAGES.has(stage) && outbound.some((s) => PROBLEMS.has(s.status))) return "stage.attention";
  return `stage.${stage}` as MessageKey;
}

function orderHeader(ctx: ViewContext, model: TrackingPageModel): SafeHtml {
  const order = model.order!;
  const { t } = ctx;
  const outbound = model.shipments.filter((s) => s.direction === "outbound");
  return html`<div class="summary">
    <p class="eyebrow">${t("order.heading", { number: order.number })}</p>
    <h1>${t(headlineKey(order.stage, outbound), { seller: ctx.brand.name })}</h1>
    <p>${order.firstName ? t("order.greeting", { name: order.firstName }) : t("order.greetingAnonymous")}</p>
    ${order.destinationCity ? html`<p class="muted">${t("order.destination", { city: order.destinationCity })}</p>` : ""}
    ${outbound.length > 1 ? html`<p class="split">${t("order.parcels", { count: outbound.length })}</p>` : ""}
    ${outbound.length === 0 ? html`<p>${t("order.notShipped")}</p>` : ""}
  </div>`;
}

/** The tracking page document for a model (token-free: the same render serves every link to the order). */
export function trackingPage(ctx: ViewContext, model: TrackingPageModel): SafeHtml {
  const { t } = ctx;
  const outbound = model.shipments.filter((s) => s.direction === "outbound");
  let parcels: SafeHtml[];
  if (model.scope === "shipment") {
    parcels = model.shipments.map((s, i) =>
      parcelCard(ctx, s, {
        id: `parcel-${i + 1}`,
        title: t("parcel.single"),
        timeZone: model.timeZone,
        headingLevel: 1,
      }),
    );
  } else {
    let outboundIndex = 0;
    let returnIndex = 0;
    parcels = model.shipments.map((s) => {
      const title =
        s.direction === "return"
          ? t("parcel.return")
          : outbound.length > 1
            ? t("parcel.numbered", { n: ++outboundIndex, count: outbound.length })
            : t("parcel.single");
      const id = s.direction === "return" ? `return-${++returnIndex}` : `parcel-${outboundIndex || 1}`;
      return parcelCard(ctx, s, { id, title, timeZone: model.timeZone, headingLevel: 2 });
    });
  }
  const main = html` ${model.scope === "order" ? orderHeader(ctx, model) : html`<p class="eyebrow">${t("tracking.heading", { number: model.shipments[0]?.trackingNumber ?? "" })}</p>`}
    ${parcels} ${timeNote(ctx, model)} ${returnsBlock(ctx, model.returns, model.timeZone)}
    ${model.order?.canRate ? ratingBlock(ctx, model.order) : ""}
    ${relatedProducts(ctx, model.relatedProducts)}
    <p><a href="${ctx.basePath}${carried(ctx)}">${t("nav.newLookup")}</a></p>`;
  const title = model.order
    ? t("page.titleOrder", { number: model.order.number, seller: ctx.brand.name })
    : t("page.title", { seller: ctx.brand.name });
  return layout(ctx, { title, main });
}
