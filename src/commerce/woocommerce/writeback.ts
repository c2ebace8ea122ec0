/**
 * Shipment progress → WooCommerce: the parcel's tracking written into the order meta `_wc_shipment_tracking_items`
 * (the format of the Shipment Tracking extension, which shows it in the admin, the customer's account and order
 * e-mails) when it is not there yet, and a private order note for each status change. The note is private
 * (`customer_note: false`): shopper messages are Shipwatch's job, and WooCommerce would e-mail a customer note.
 */
import { randomBytes } from "node:crypto";
import { STATUS_TABLE, type Status } from "../../core/status.js";
import { trackingItemsOf, TRACKING_ITEMS_META } from "./map.js";
import type { WooCommerceClient } from "./client.js";
import { text } from "../payload-fields.js";

export interface WooWritebackInput {
  orderId: string;
  carrierLabel: string;
  trackingNumber: string;
  status: Status;
  happenedAt: Date | null;
  /** The shopper's tracking page for this order, linked from the tracking item. */
  trackingUrl: string | null;
}

/** The note written for a status change (plain text; WooCommerce shows it in the order's notes). */
export function wooOrderNote(input: WooWritebackInput): string {
  const when = input.happenedAt
    ? ` (${input.happenedAt.toISOString().slice(0, 16).replace("T", " ")} UTC)`
    : "";
  return `Shipwatch: ${input.carrierLabel} ${input.trackingNumber} — ${STATUS_TABLE[input.status].shopperLabel}${when}.`;
}

/** Writes the tracking item if missing, then the note; returns the note's id and whether tracking was added. */
export async function writeBackToWooCommerce(
  client: WooCommerceClient,
  input: WooWritebackInput,
): Promise<{ noteId: string | null; trackingAdded: boolean; note: string }> {
  const order = await client.getOrder(input.orderId);
  const items = trackingItemsOf(order);
  const wanted = input.trackingNumber.replace(/[\s-]/g, "").toUpperCase();
  const present = items.some(
    (i) => (text(i.tracking_number, 64) ?? "").replace(/[\s-]/g, "").toUpperCase() === wanted,
  );
  if (!present) {
    const item = {
      tracking_provider: "",
      custom_tracking_provider: input.carrierLabel,
      custom_tracking_link: input.trackingUrl ?? "",
      tracking_number: input.trackingNumber,
      date_shipped: String(Math.floor((input.happenedAt ?? new Date()).getTime() / 1000)),
      tracking_id: randomBytes(16).toString("hex"),
    };
    await client.updateOrderMeta(input.orderId, [{ key: TRACKING_ITEMS_META, value: [...items, item] }]);
  }
  const note = wooOrderNote(input);
  const created = await client.addOrderNote(input.orderId, note, false);
  return { noteId: text(created.id, 40), trackingAdded: !present, note };
}
