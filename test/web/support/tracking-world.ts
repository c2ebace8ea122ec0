/**
 * A seller with orders in every tracking state, built through the real write paths (repositories and the
 * ingest pipeline), for the tracking-page tests. Untrusted strings carry script and attribute-breaking payloads.
 */
import type { Status } from "../../../src/core/status.js";
import type { Database } from "../../../src/db/client.js";
import { insertOrder } from "../../../src/db/repositories/orders.js";
import { createSeller } from "../../../src/db/repositories/sellers.js";
import { insertShipment } from "../../../src/db/repositories/shipments.js";
import { ingestMany } from "../../../src/ingest/ingest.js";
import { createTrackingLink, type TokenScope } from "../../../src/web/tracking/links.js";

export const SCRIPT_PAYLOAD = `<script>alert("xss")</script>`;
export const ATTRIBUTE_PAYLOAD = `" onmouseover="alert(1)" x="`;
export const TAG_PAYLOAD = `'><img src=x onerror=alert(2)>`;

const HOUR = 3_600_000;

type Step = [Status, string | null, string];
const LABEL: Step = ["info_received", "label_created", "Shipment information received"];
const PICKED: Step = ["in_transit", "picked_up", "Picked up"];
const HUB: Step = ["in_transit", "arrived_at_facility", `Arrived at hub ${SCRIPT_PAYLOAD}`];
const OFD: Step = ["out_for_delivery", null, "Out for delivery"];

/** The events that bring a parcel to each status. */
export const JOURNEYS: Readonly<Record<Status, Step[]>> = {
  pending: [],
  info_received: [LABEL],
  in_transit: [LABEL, PICKED, HUB],
  out_for_delivery: [LABEL, PICKED, HUB, OFD],
  available_for_pickup: [LABEL, PICKED, HUB, ["available_for_pickup", null, "Ready at pickup point"]],
  attempt_failed: [LABEL, PICKED, HUB, OFD, ["attempt_failed", "recipient_unavailable", "Nobody home"]],
  delivered: [LABEL, PICKED, HUB, OFD, ["delivered", "left_at_door", "Delivered"]],
  exception: [LABEL, PICKED, HUB, ["exception", "address_issue", `Address problem ${ATTRIBUTE_PAYLOAD}`]],
  return_to_sender: [
    LABEL,
    PICKED,
    HUB,
    OFD,
    ["attempt_failed", null, "Nobody home"],
    ["return_to_sender", null, "Returning"],
  ],
  returned: [
    LABEL,
    PICKED,
    HUB,
    ["return_to_sender", null, "Returning"],
    ["returned", null, "Back at sender"],
  ],
  cancelled: [LABEL, ["cancelled", null, "Shipment cancelled"]],
  expired: [LABEL, PICKED, ["expired", null, "Tracking expired"]],
};

export interface WorldOrder {
  id: string;
  number: string;
  email: string;
  postcode: string;
  shipmentIds: string[];
  trackingNumbers: string[];
}

export interface World {
  sellerId: string;
  slug: string;
  orders: Record<string, WorldOrder>;
  /** A signed link path to an order (or one of its shipments). */
  link(
    order: string,
    options?: { scope?: TokenScope; shipment?: number; lang?: string; ttlSeconds?: number },
  ): Promise<string>;
}

let trackingSerial = 100_000;

/** Creates the seller and its orders: one per status, a split order, an order with a return, a hostile one. */
export async function buildTrackingWorld(db: Database, slug = "acme", now = Date.now()): Promise<World> {
  const seller = await createSeller(db.orm, {
    slug,
    name: `Acme ${SCRIPT_PAYLOAD} & "Co"`,
    settings: { supportEmail: "help@acme.example", supportUrl: "https://acme.example/help" },
    branding: {
      primaryColor: "#ffcc00",
      helpText: `We reply within a day ${TAG_PAYLOAD}`,
      links: [
        { label: `Returns ${ATTRIBUTE_PAYLOAD}`, url: "https://acme.example/returns" },
        { label: "Evil", url: "javascript:alert(3)" },
      ],
    },
  });
  const orders: Record<string, WorldOrder> = {};
  const events: object[] = [];
  let n = 0;
  async function order(
    name: string,
    parcels: { status: Status; direction?: "outbound" | "return"; carrier?: string }[],
    extra: { firstName?: string; timeZone?: string; city?: string; country?: string; region?: string } = {},
  ) {
    n += 1;
    const number = `A-${1000 + n}`;
    const email = `shopper.${n}@example.com`;
    const postcode = `7500${n % 10}`;
    const created = await insertOrder(db.orm, seller.id, {
      orderNumber: number,
      customer: {
        email,
        postcode,
        firstName: extra.firstName ?? "Ana",
        timeZone: extra.timeZone ?? null,
        phone: "+33 1 23 45 67 89",
      },
      orderedAt: new Date(now - 6 * 24 * HOUR),
    });
    const entry: WorldOrder = {
      id: created!.id,
      number,
      email,
      postcode,
      shipmentIds: [],
      trackingNumbers: [],
    };
    for (const parcel of parcels) {
      const trackingNumber = `TRK${trackingSerial++}`;
      const carrier = parcel.carrier ?? "ups";
      const shipment = await insertShipment(db.orm, seller.id, {
        carrier,
        trackingNumber,
        orderId: created!.id,
        direction: parcel.direction ?? "outbound",
        destination: {
          city: extra.city ?? "Lyon",
          region: extra.region ?? null,
          country: extra.country ?? "FR",
          postalCode: postcode,
        },
      });
      entry.shipmentIds.push(shipment!.id);
      entry.trackingNumbers.push(trackingNumber);
      JOURNEYS[parcel.status].forEach(([status, substatus, description], i) => {
        events.push({
          carrier,
          trackingNumber,
          occurredAt: new Date(now - (5 * 24 - i * 10) * HOUR).toISOString(),
          code: `C${i}`,
          description,
          location: { city: i === 2 ? `Hub ${TAG_PAYLOAD}` : "Lyon", country: "FR" },
          status,
          substatus,
        });
      });
    }
    orders[name] = entry;
  }
  for (const status of Object.keys(JOURNEYS) as Status[]) await order(status, [{ status }]);
  await order("split", [{ status: "delivered" }, { status: "in_transit", carrier: "fedex" }]);
  await order("withReturn", [{ status: "delivered" }, { status: "in_transit", direction: "return" }]);
  await order("withCancelled", [{ status: "in_transit" }, { status: "cancelled", carrier: "fedex" }]);
  await order("hostile", [{ status: "delivered" }], {
    firstName: `Eve ${SCRIPT_PAYLOAD}${ATTRIBUTE_PAYLOAD}`,
    city: `Paris ${TAG_PAYLOAD}`,
  });
  await order("chicago", [{ status: "in_transit" }], { city: "Chicago", country: "US", region: "IL" });
  await order("zoned", [{ status: "in_transit" }], { timeZone: "Asia/Tokyo" });
  await order("nowhere", [{ status: "in_transit" }], { country: "US", region: "" });
  const body = Buffer.from(JSON.stringify({ events }));
  await ingestMany(db, seller.id, [{ source: "test", contentType: "application/json", body }], {
    createMissingShipments: false,
  });
  return {
    sellerId: seller.id,
    slug,
    orders,
    async link(name, options = {}) {
      const o = orders[name]!;
      const scope = options.scope ?? "order";
      const link = await createTrackingLink(db, {
        baseUrl: "http://localhost",
        sellerSlug: slug,
        sellerId: seller.id,
        scope,
        targetId: scope === "order" ? o.id : o.shipmentIds[options.shipment ?? 0]!,
        lang: options.lang ?? null,
        ...(options.ttlSeconds ? { ttlSeconds: options.ttlSeconds } : {}),
      });
      return new URL(link.url).pathname + new URL(link.url).search;
    },
  };
}
