/**
 * Template preview: `{{name}}` placeholders filled from a sample shipment, so a seller sees their wording
 * before a shopper does. The sample is fixed, realistic data, never a real customer's.
 */
export const TEMPLATE_PLACEHOLDERS: Readonly<Record<string, string>> = {
  firstName: "Ana",
  orderNumber: "SW-10001",
  sellerName: "",
  carrier: "UPS",
  trackingNumber: "1Z999AA10123456784",
  status: "Out for delivery",
  deliveryWindow: "Thursday, 10:00–14:00",
  trackingUrl: "https://example.com/track/demo/SW-10001",
};

/** The template with known placeholders replaced; unknown ones are left visible so typos show. */
export function renderTemplatePreview(template: string, sellerName: string): string {
  return template.replace(/\{\{\s*([a-zA-Z]+)\s*\}\}/g, (whole, name: string) => {
    if (name === "sellerName") return sellerName;
    return TEMPLATE_PLACEHOLDERS[name] ?? whole;
  });
}
