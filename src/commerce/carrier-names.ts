/**
 * Carrier names as commerce platforms write them (Shopify's `tracking_company`, WooCommerce Shipment Tracking's
 * `tracking_provider`) → Shipwatch carrier ids. A table as data: names are compared without case, spaces or
 * punctuation ("DHL Express", "dhl-express" and "DHLExpress" are one key). When the name is missing, unknown or
 * too vague ("DHL", "Other"), the tracking number decides through src/carriers/detect.
 */
import { detectTrackingNumber } from "../carriers/detect/index.js";

const NAME_TO_CARRIER: Readonly<Record<string, string>> = {
  ups: "ups",
  upsmailinnovations: "ups",
  fedex: "fedex",
  fedexground: "fedex",
  fedexexpress: "fedex",
  usps: "usps",
  unitedstatespostalservice: "usps",
  dhlexpress: "dhl_express",
  dhlexpressus: "dhl_express",
  dhlus: "dhl_express",
  dhlecommerce: "dhl_ecommerce",
  dhlecommercesolutions: "dhl_ecommerce",
  dhlecommerceasia: "dhl_ecommerce",
  dhlparcel: "dhl_parcel_de",
  dhlparcelde: "dhl_parcel_de",
  dhlde: "dhl_parcel_de",
  dhldeutschland: "dhl_parcel_de",
  deutschepost: "dhl_parcel_de",
  canadapost: "canadapost",
  postescanada: "canadapost",
  purolator: "purolator",
  canpar: "canpar",
  amazonlogistics: "amazon",
  amazonlogisticsus: "amazon",
  amazonlogisticsuk: "amazon",
  amazonshipping: "amazon_shipping",
  ontrac: "ontrac",
  lasership: "lasership",
  landmarkglobal: "landmark",
  dpd: "dpd",
  dpduk: "dpd",
  dpdde: "dpd",
  dpdlocal: "dpd",
  yodel: "yodel",
  royalmail: "royalmail",
  parcelforce: "royalmail",
  evri: "hermes",
  hermes: "hermes",
  hermesuk: "hermes",
  gls: "gls",
  glsus: "gls",
  australiapost: "australiapost",
  auspost: "australiapost",
  sendle: "sendle",
  aramex: "aramex",
  tnt: "tnt",
  laposte: "laposte",
  colissimo: "colissimo",
  chronopost: "chronopost",
  bpost: "bpost",
  bpostinternational: "bpost",
  asendia: "asendia",
  asendiausa: "asendia",
  seko: "seko",
  sekologistics: "seko",
  yunexpress: "yunexpress",
  gofo: "gofo",
  speedee: "speedee",
  speedeedelivery: "speedee",
  olddominion: "old_dominion",
};

const key = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

export interface CarrierResolution {
  carrier: string | null;
  /** How it was decided: the platform's name, the tracking number's format, or neither. */
  via: "name" | "number" | null;
}

/** Our carrier id for a platform's carrier name and a tracking number; null when neither tells. */
export function resolveCarrier(
  name: string | null | undefined,
  trackingNumber: string,
  preferredCarriers: readonly string[] = [],
): CarrierResolution {
  const byName = name ? NAME_TO_CARRIER[key(name)] : undefined;
  if (byName) return { carrier: byName, via: "name" };
  const detected = detectTrackingNumber(trackingNumber, { preferredCarriers });
  if (detected.carrier) return { carrier: detected.carrier, via: "number" };
  // A vague name ("DHL") still separates candidates the format alone cannot ("dhl_express" vs "dhl_ecommerce").
  const family = name ? key(name) : "";
  const hinted = family
    ? detected.candidates.filter((c) => c.checksumValid && key(c.carrier).startsWith(family))
    : [];
  if (hinted.length > 0 && new Set(hinted.map((c) => c.carrier)).size === 1)
    return { carrier: hinted[0]!.carrier, via: "number" };
  return { carrier: null, via: null };
}
