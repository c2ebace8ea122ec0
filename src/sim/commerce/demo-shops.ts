/**
 * The demo's shops: a Shopify store and a WooCommerce site, played by the local emulators, connected to the demo
 * seller. A few of the demo world's orders still in flight are announced by each shop through Shipwatch's real
 * webhook endpoint (signed `orders/create` + `fulfillments/create`, `order.created` with tracking items): they land
 * on the existing orders (same numbers, no duplicates) and link their parcels. As the simulated carriers scan
 * those parcels, Shipwatch writes progress back to the emulators: see /v1/commerce/connections/{id}/writebacks.
 * Webhook ids are fixed, so a restart re-announces nothing.
 */
import { base64Hmac } from "../../commerce/hmac.js";
import { createConnection, listConnections, updateConnection } from "../../commerce/connections.js";
import type { CommerceDeps } from "../../commerce/run-writeback.js";
import type { Database } from "../../db/client.js";
import type { Seller } from "../../db/repositories/sellers.js";
import { planDemoWorld, type PlannedOrder } from "../demo.js";
import { startShopifyEmulator, type ShopifyEmulator } from "./shopify-emulator.js";
import { startWooCommerceEmulator, type WooCommerceEmulator } from "./woocommerce-emulator.js";

export const DEMO_SHOPIFY_SHOP = "demo-outdoor.myshopify.com";
export const DEMO_WOO_SITE = "https://woo.demo-outdoor.example";
const SHOPIFY = { token: "shpat_demo_outdoor_token", secret: "demo-shopify-webhook-secret" };
const WOO = {
  key: "ck_demo_outdoor_key",
  secret: "cs_demo_outdoor_secret",
  webhook: "demo-woo-webhook-secret",
};
const CARRIER_NAMES: Record<string, string> = {
  ups: "UPS",
  fedex: "FedEx",
  usps: "USPS",
  dhl_express: "DHL Express",
};

export interface DemoShops {
  /** Point the write-back job at the emulators (for the demo shops only). */
  deps: Pick<CommerceDeps, "shopifyBaseUrl" | "wooBaseUrl">;
  /** Connects the shops to the seller and announces their orders to `baseUrl` (the running server). */
  connect(db: Database, seller: Seller, baseUrl: string): Promise<void>;
  stop(): Promise<void>;
}

/** Orders with a parcel that has scans both behind and ahead of now: their write-backs happen while you watch. */
function inFlight(world: PlannedOrder[], now: number): PlannedOrder[] {
  return world.filter((o) =>
    o.shipments.every((s) => {
      const times = s.events.map((e) => Date.parse(e.occurredAt));
      return times.some((t) => t <= now) && times.some((t) => t > now);
    }),
  );
}

async function ensureConnection(
  db: Database,
  seller: Seller,
  input: {
    platform: "shopify" | "woocommerce";
    shop: string;
    credentials: Record<string, string>;
    secret: string;
  },
) {
  const existing = (await listConnections(db, seller.id)).find(
    (c) => c.platform === input.platform && c.shop === input.shop,
  );
  if (existing) {
    await updateConnection(db, seller.id, existing.id, {
      credentials: input.credentials,
      webhookSecret: input.secret,
    });
    return;
  }
  await createConnection(db, {
    sellerId: seller.id,
    platform: input.platform,
    shop: input.shop,
    credentials: input.credentials,
    webhookSecret: input.secret,
  });
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<void> {
  const res = await fetch(url, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
  await res.arrayBuffer();
}

async function announceToShopify(
  base: string,
  orders: PlannedOrder[],
  emulator: ShopifyEmulator,
  isStopped: () => boolean,
) {
  for (const [i, order] of orders.entries()) {
    if (isStopped()) return;
    const orderId = 910_000 + i;
    const send = (topic: string, id: string, payload: unknown) => {
      const body = JSON.stringify(payload);
      return post(`${base}/hooks/demo/shopify`, body, {
        "x-shopify-topic": topic,
        "x-shopify-hmac-sha256": base64Hmac(body, SHOPIFY.secret),
        "x-shopify-shop-domain": DEMO_SHOPIFY_SHOP,
        "x-shopify-api-version": "2025-01",
        "x-shopify-webhook-id": id,
      });
    };
    await send("orders/create", `demo-order-${orderId}`, {
      id: orderId,
      name: order.orderNumber,
      email: order.email,
      created_at: order.orderedAt.toISOString(),
      updated_at: order.orderedAt.toISOString(),
      shipping_address: { first_name: order.firstName, zip: order.postcode },
      fulfillments: [],
    });
    for (const [p, parcel] of order.shipments.entries()) {
      const fulfillmentId = String(920_000 + i * 10 + p);
      emulator.addFulfillment(fulfillmentId);
      await send("fulfillments/create", `demo-fulfillment-${fulfillmentId}`, {
        id: Number(fulfillmentId),
        order_id: orderId,
        name: `${order.orderNumber}.${p + 1}`,
        status: "success",
        tracking_company: CARRIER_NAMES[parcel.carrier] ?? parcel.carrier,
        tracking_number: parcel.trackingNumber,
        tracking_numbers: [parcel.trackingNumber],
        updated_at: order.orderedAt.toISOString(),
      });
    }
  }
}

async function announceToWoo(
  base: string,
  orders: PlannedOrder[],
  emulator: WooCommerceEmulator,
  isStopped: () => boolean,
) {
  for (const [i, order] of orders.entries()) {
    if (isStopped()) return;
    const id = 4_100 + i;
    const payload = {
      id,
      number: order.orderNumber,
      status: "processing",
      date_created_gmt: order.orderedAt.toISOString().slice(0, 19),
      date_modified_gmt: order.orderedAt.toISOString().slice(0, 19),
      billing: { first_name: order.firstName, email: order.email, postcode: order.postcode },
      shipping: { first_name: order.firstName, postcode: order.postcode },
      meta_data: [
        {
          id: 1,
          key: "_wc_shipment_tracking_items",
          value: order.shipments.map((s, p) => ({
            tracking_provider: s.carrier,
            tracking_number: s.trackingNumber,
            date_shipped: String(Math.floor(order.orderedAt.getTime() / 1000)),
            tracking_id: `demo-${id}-${p}`,
          })),
        },
      ],
    };
    emulator.addOrder(payload);
    const body = JSON.stringify(payload);
    await post(`${base}/hooks/demo/woocommerce`, body, {
      "x-wc-webhook-source": `${DEMO_WOO_SITE}/`,
      "x-wc-webhook-topic": "order.created",
      "x-wc-webhook-signature": base64Hmac(body, WOO.webhook),
      "x-wc-webhook-delivery-id": `demo-delivery-${id}`,
    });
  }
}

/** Starts the two emulators; `connect` once the server listens. */
export async function startDemoShops(): Promise<DemoShops> {
  // Every well-formed fulfillment exists: parcels linked by an earlier run of the demo keep their write-backs.
  const shopify = await startShopifyEmulator({ accessToken: SHOPIFY.token });
  const woo = await startWooCommerceEmulator({ consumerKey: WOO.key, consumerSecret: WOO.secret });
  // Set at shutdown: the announcements (requests to this very server) stop so the server can drain.
  let stopped = false;
  const isStopped = () => stopped;
  return {
    deps: {
      shopifyBaseUrl: (shop) => (shop === DEMO_SHOPIFY_SHOP ? shopify.url : `https://${shop}`),
      wooBaseUrl: (site) => (site === DEMO_WOO_SITE ? woo.url : site),
    },
    async connect(db, seller, baseUrl) {
      await ensureConnection(db, seller, {
        platform: "shopify",
        shop: DEMO_SHOPIFY_SHOP,
        credentials: { accessToken: SHOPIFY.token },
        secret: SHOPIFY.secret,
      });
      await ensureConnection(db, seller, {
        platform: "woocommerce",
        shop: DEMO_WOO_SITE,
        credentials: { consumerKey: WOO.key, consumerSecret: WOO.secret },
        secret: WOO.webhook,
      });
      // Orders linked by an earlier run exist on the emulated site too (its memory is this process's).
      const linked = await db.query<{ external_id: string }>(
        `SELECT co.external_id FROM commerce_orders co JOIN commerce_connections c ON c.id = co.connection_id
         WHERE c.seller_id = $1 AND c.platform = 'woocommerce' AND c.shop = $2`,
        [seller.id, DEMO_WOO_SITE],
      );
      for (const row of linked) woo.addOrder({ id: Number(row.external_id) });
      const orders = inFlight(planDemoWorld(seller.createdAt), Date.now());
      await announceToShopify(baseUrl, orders.slice(0, 8), shopify, isStopped);
      await announceToWoo(baseUrl, orders.slice(8, 14), woo, isStopped);
    },
    async stop() {
      stopped = true;
      await Promise.all([shopify.close(), woo.close()]);
    },
  };
}
