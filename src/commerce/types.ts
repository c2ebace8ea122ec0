/**
 * What a commerce platform's payload means to Shipwatch, whatever the platform: an order to create or update, and
 * shipments (with the platform's ids) to attach to it. map.ts of each platform produces these, purely.
 */

export type Platform = "shopify" | "woocommerce";
export const PLATFORMS: readonly Platform[] = ["shopify", "woocommerce"];

/** Minimal personal data on purpose: what lookups and notifications need, nothing else of the customer. */
export interface CustomerUpsert {
  email: string | null;
  phone: string | null;
  postcode: string | null;
  firstName: string | null;
  locale: string | null;
}

export interface OrderUpsert {
  /** The platform's order id. */
  externalId: string;
  /** Our order number (see docs/commerce.md for each platform's normalization). */
  orderNumber: string;
  /** Null when the payload does not carry the customer (a fulfillment webhook): keep what we have. */
  customer: CustomerUpsert | null;
  orderedAt: Date | null;
  /** The platform's updated_at: older payloads than the last applied one change nothing. */
  externalUpdatedAt: Date | null;
  /** Not personal: the platform's names for the order, shown to support. */
  metadata: Record<string, unknown>;
}

export interface ShipmentUpsert {
  /** The platform's fulfillment id (Shopify) or tracking item id (WooCommerce). */
  externalId: string;
  /** Our carrier id, resolved from the platform's carrier name or the tracking number. */
  carrier: string;
  trackingNumber: string;
  service: string | null;
  externalUpdatedAt: Date | null;
  /** The platform's words, kept in the shipment's metadata. */
  metadata: Record<string, unknown>;
}

export interface MappedPayload {
  /** What the platform said happened (`orders/create`, `order.updated`...). */
  topic: string;
  /** Always set: fulfillment payloads derive the order from the fulfillment. */
  order: OrderUpsert;
  shipments: ShipmentUpsert[];
  /** Things in the payload that could not be used (a tracking number of an unknown carrier), as data. */
  problems: string[];
}

/** A mapping result: the upserts, a payload that means nothing to us (ignored), or one we cannot read. */
export type MapResult =
  | { kind: "mapped"; value: MappedPayload }
  | { kind: "ignored"; reason: string }
  | { kind: "invalid"; reason: string };

/** A verification result, the same shape as the carriers' webhook verifiers. */
export type VerifyResult = { ok: true; eventId?: string } | { ok: false; reason: string };

/** Headers by lower-case name. */
export type HeaderMap = Readonly<Record<string, string | undefined>>;
