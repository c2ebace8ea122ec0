/**
 * Shipment progress → a Shopify fulfillment event (`fulfillmentEventCreate`), so the order page and Shopify's own
 * shipping notifications show the normalized status. The status mapping is data; deciding what to send is pure,
 * sending goes through client.ts.
 */
import type { Status } from "../../core/status.js";
import { PlatformError } from "../platform-error.js";
import type { ShopifyClient } from "./client.js";

/** Our status (and some sub-statuses) → Shopify's FulfillmentEventStatus. Absent: nothing worth telling Shopify. */
const STATUS_TO_SHOPIFY: Partial<Record<Status, string>> = {
  pending: "CONFIRMED", // registered, the carrier has nothing yet
  info_received: "LABEL_PURCHASED", // label created, electronic info only
  in_transit: "IN_TRANSIT",
  out_for_delivery: "OUT_FOR_DELIVERY",
  available_for_pickup: "READY_FOR_PICKUP",
  attempt_failed: "ATTEMPTED_DELIVERY",
  delivered: "DELIVERED",
  exception: "FAILURE",
  return_to_sender: "FAILURE", // Shopify has no return status for a fulfillment
  returned: "FAILURE",
  // cancelled, expired: Shopify has no fitting status, and saying FAILURE would alarm the shopper.
};
const SUBSTATUS_TO_SHOPIFY: Readonly<Record<string, string>> = {
  "in_transit/picked_up": "CARRIER_PICKED_UP",
  "in_transit/delayed": "DELAYED",
  "exception/weather_delay": "DELAYED",
  "exception/carrier_delay": "DELAYED",
};

/** The Shopify status for ours, or null when Shopify should not be told. */
export function shopifyEventStatus(status: Status, substatus: string | null): string | null {
  return (
    (substatus ? SUBSTATUS_TO_SHOPIFY[`${status}/${substatus}`] : undefined) ??
    STATUS_TO_SHOPIFY[status] ??
    null
  );
}

export interface ShopifyEventInput {
  fulfillmentId: string;
  status: Status;
  substatus: string | null;
  happenedAt: Date | null;
  /** The carrier's or our estimate, when it is an instant. */
  estimatedDeliveryAt: Date | null;
  message: string;
  location: { city: string | null; region: string | null; country: string | null; postalCode: string | null };
}

/** The FulfillmentEventInput for a status change, or null when nothing is to be sent. */
export function fulfillmentEventInput(input: ShopifyEventInput): Record<string, unknown> | null {
  const status = shopifyEventStatus(input.status, input.substatus);
  if (!status) return null;
  const id = /^\d+$/.test(input.fulfillmentId)
    ? `gid://shopify/Fulfillment/${input.fulfillmentId}`
    : input.fulfillmentId;
  const event: Record<string, unknown> = { fulfillmentId: id, status, message: input.message.slice(0, 255) };
  if (input.happenedAt) event.happenedAt = input.happenedAt.toISOString();
  if (input.estimatedDeliveryAt) event.estimatedDeliveryAt = input.estimatedDeliveryAt.toISOString();
  if (input.location.city) event.city = input.location.city;
  if (input.location.region) event.province = input.location.region;
  if (input.location.country) event.country = input.location.country;
  if (input.location.postalCode) event.zip = input.location.postalCode;
  return event;
}

export const FULFILLMENT_EVENT_CREATE = `mutation fulfillmentEventCreate($fulfillmentEvent: FulfillmentEventInput!) {
  fulfillmentEventCreate(fulfillmentEvent: $fulfillmentEvent) {
    fulfillmentEvent { id status happenedAt }
    userErrors { field message }
  }
}`;

interface FulfillmentEventCreateData {
  fulfillmentEventCreate: {
    fulfillmentEvent: { id: string; status: string } | null;
    userErrors: { field: string[] | null; message: string }[];
  };
}

/** Sends one fulfillment event; returns Shopify's id for it. */
export async function sendFulfillmentEvent(
  client: ShopifyClient,
  event: Record<string, unknown>,
): Promise<string> {
  const data = await client.graphql<FulfillmentEventCreateData>(FULFILLMENT_EVENT_CREATE, {
    fulfillmentEvent: event,
  });
  const result = data.fulfillmentEventCreate;
  if (result.userErrors.length > 0 || !result.fulfillmentEvent)
    throw new PlatformError(
      `Shopify refused the event: ${result.userErrors.map((e) => e.message).join("; ") || "no event returned"}`,
      false,
    );
  return result.fulfillmentEvent.id;
}
