/** The JSON shape of the tracking model (the JSON endpoint and script consumers): dates as ISO strings. */
import { translator, type Language, type MessageKey } from "../i18n/index.js";
import type { TrackingPageModel } from "./model.js";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A plain, documented object with the same data the page shows; labels in the requested language. */
export function trackingModelJson(model: TrackingPageModel, lang: Language) {
  const t = translator(lang);
  return {
    scope: model.scope,
    language: lang,
    timeZone: model.timeZone,
    seller: {
      slug: model.seller.slug,
      name: model.seller.name,
      logoUrl: model.seller.logoUrl,
      primaryColor: model.seller.primaryColor,
      helpText: model.seller.helpText,
      links: model.seller.links,
      supportEmail: model.seller.supportEmail,
      supportUrl: model.seller.supportUrl,
    },
    order: model.order
      ? {
          number: model.order.number,
          firstName: model.order.firstName,
          destinationCity: model.order.destinationCity,
          stage: model.order.stage,
          stageLabel: t(`stage.${model.order.stage}` as MessageKey, { seller: model.seller.name }),
          rating: model.order.rating,
          canRate: model.order.canRate,
        }
      : null,
    shipments: model.shipments.map((s) => ({
      direction: s.direction,
      carrier: s.carrier,
      carrierName: s.carrierName,
      carrierUrl: s.carrierUrl,
      trackingNumber: s.trackingNumber,
      service: s.service,
      status: s.status,
      substatus: s.substatus,
      statusLabel: t(`status.${s.status}.title` as MessageKey),
      milestones: s.steps.map((step) => ({ milestone: step.label, state: step.state })),
      deliveryWindow: s.window
        ? {
            earliest: s.window.current.earliest,
            latest: s.window.current.latest,
            source: s.window.current.source,
            confidence: s.window.current.confidence ?? null,
            history: s.window.history.map((h) => ({ at: iso(h.at), earliest: h.earliest, latest: h.latest })),
          }
        : null,
      late: s.late,
      stalledDays: s.stalledDays,
      needsHelp: s.needsHelp,
      deliveredAt: iso(s.deliveredAt),
      events: s.scans.map((e) => ({ occurredAt: iso(e.at), description: e.description, location: e.place })),
    })),
    relatedProducts: model.relatedProducts.map((p) => ({
      title: p.title,
      url: p.url,
      imageUrl: p.imageUrl,
      price: p.price,
    })),
  };
}
