/**
 * Template preview: `{{name}}` placeholders filled by the same code that fills them in a message sent to a shopper
 * (src/notifications/render.ts), from a sample shipment, so what a seller previews is what shoppers get. The
 * sample is fixed, realistic data, never a real customer's.
 */
import { fillCustom, templateVariables } from "../../../notifications/render.js";

/** The placeholders the template form offers (the renderer fills each; unknown ones stay visible). */
export const TEMPLATE_PLACEHOLDERS = [
  "firstName",
  "orderNumber",
  "sellerName",
  "carrier",
  "trackingNumber",
  "status",
  "deliveryWindow",
  "trackingUrl",
] as const;

/** A day `days` from now as "YYYY-MM-DD" (the sample window is always ahead). */
const dayFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** The template as a shopper would read it for the sample shipment, in the template's language. */
export function renderTemplatePreview(template: string, sellerName: string, locale: string): string {
  const vars = templateVariables({
    trigger: "out_for_delivery",
    locale,
    seller: { name: sellerName },
    firstName: "Ana",
    orderNumber: "SW-10001",
    carrier: "ups",
    trackingNumber: "1Z999AA10123456784",
    status: "out_for_delivery",
    substatus: null,
    window: { earliest: dayFromNow(1), latest: dayFromNow(2), source: "prediction" },
    trackingLink: "https://example.com/track/demo/s/SAMPLE",
    unsubscribeLink: null,
  });
  return fillCustom(template, vars);
}
