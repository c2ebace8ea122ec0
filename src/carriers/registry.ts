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

const ADAPTERS: readonly CarrierAdapter[] = [ups, fedex, usps, uspsInternational, dhlExpress];

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

/** Every registered adapter, in registration order. */
export function listCarriers(): readonly CarrierAdapter[] {
  return ADAPTERS;
}
