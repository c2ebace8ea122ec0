/**
 * The carrier adapters Shipwatch ships, registered explicitly (no directory scanning): adding a carrier means
 * importing its folder here. Ids are unique and lower_snake_case.
 */
import type { CarrierAdapter } from "./types.js";
import dhlExpress from "./dhl_express/index.js";
import fedex from "./fedex/index.js";
import ups from "./ups/index.js";
import usps from "./usps/index.js";
import uspsInternational from "./usps_international/index.js";
import gls from "./gls/index.js";
import laposte from "./laposte/index.js";
import colissimo from "./colissimo/index.js";
import chronopost from "./chronopost/index.js";
import aramex from "./aramex/index.js";
import tnt from "./tnt/index.js";
import sendle from "./sendle/index.js";
import easypost from "./easypost/index.js";
import aftership from "./aftership/index.js";
import shippo from "./shippo/index.js";
import shipengine from "./shipengine/index.js";
import amazonShipping from "./amazon_shipping/index.js";
import asendia from "./asendia/index.js";
import landmark from "./landmark/index.js";
import seko from "./seko/index.js";
import dhlUniversal from "./dhl_universal/index.js";
import dhlParcelDe from "./dhl_parcel_de/index.js";
import canadapost from "./canadapost/index.js";
import purolator from "./purolator/index.js";
import canpar from "./canpar/index.js";
import australiapost from "./australiapost/index.js";
import royalmail from "./royalmail/index.js";
import dpd from "./dpd/index.js";
import hermes from "./hermes/index.js";
import bpost from "./bpost/index.js";

const ADAPTERS: readonly CarrierAdapter[] = [
  ups,
  fedex,
  usps,
  uspsInternational,
  dhlExpress,
  gls,
  laposte,
  colissimo,
  chronopost,
  aramex,
  tnt,
  sendle,
  easypost,
  aftership,
  shippo,
  shipengine,
  amazonShipping,
  asendia,
  landmark,
  seko,
  dhlUniversal,
  dhlParcelDe,
  canadapost,
  purolator,
  canpar,
  australiapost,
  royalmail,
  dpd,
  hermes,
  bpost,
];

const byId = new Map<string, CarrierAdapter>();
for (const adapter of ADAPTERS) {
  if (!/^[a-z][a-z0-9_]*$/.test(adapter.id))
    throw new Error(`carrier id must be lower_snake_case: ${adapter.id}`);
  if (byId.has(adapter.id)) throw new Error(`duplicate carrier id: ${adapter.id}`);
  byId.set(adapter.id, adapter);
}

/** The adapter with that id, or undefined. */
export function getCarrier(id: string): CarrierAdapter | undefined {
  return byId.get(id);
}

/**
 * The carrier's name as a shopper reads it: the adapter's label ("DHL Express", "FedEx"), else the id made
 * readable ("acme_courier" → "ACME COURIER") for a courier Shipwatch has no adapter for.
 */
export function carrierName(id: string): string {
  return byId.get(id)?.label ?? id.toUpperCase().replace(/_/g, " ");
}

/** A parcel as people name it: the carrier's name, not its id ("DHL Express 1234567890", not "dhl_express …"). */
export const parcelName = (carrier: string | null, trackingNumber: string | null): string =>
  `${carrier ? carrierName(carrier) : ""} ${trackingNumber ?? ""}`.trim();

/** Every registered adapter, in registration order. */
export function listCarriers(): readonly CarrierAdapter[] {
  return ADAPTERS;
}
