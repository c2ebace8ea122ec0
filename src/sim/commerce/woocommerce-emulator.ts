/**
 * An emulator of the WooCommerce REST API v3 as far as Shipwatch uses it: `GET` and `PUT /wp-json/wc/v3/orders/{id}`
 * (meta_data entries replaced by key, as WooCommerce does without an id) and `POST .../orders/{id}/notes`, behind
 * basic auth with a consumer key and secret; WooCommerce's error bodies (`{ code, message, data: { status } }`);
 * injectable faults (429 + Retry-After, 500). Orders are seeded by the caller.
 */
import {
  startLoopbackServer,
  type Answer,
  type LoopbackServer,
  type RecordedRequest,
} from "./http-server.js";

export interface WooCommerceEmulatorOptions {
  consumerKey: string;
  consumerSecret: string;
  retryAfterSeconds?: number;
}

type Order = Record<string, unknown> & {
  id: number;
  meta_data: { id: number; key: string; value: unknown }[];
};

export interface WooCommerceEmulator extends LoopbackServer {
  orders: Map<string, Order>;
  notes: Map<string, { id: number; note: string; customer_note: boolean; date_created_gmt: string }[]>;
  faults: ("429" | "500")[];
  addOrder(order: Record<string, unknown> & { id: number }): void;
}

const wooError = (status: number, code: string, message: string): Answer => ({
  status,
  body: { code, message, data: { status } },
});

/** Starts the emulator on 127.0.0.1; its `url` is the site URL of a WooCommerce connection. */
export async function startWooCommerceEmulator(
  options: WooCommerceEmulatorOptions,
): Promise<WooCommerceEmulator> {
  const orders = new Map<string, Order>();
  const notes: WooCommerceEmulator["notes"] = new Map();
  const faults: WooCommerceEmulator["faults"] = [];
  let nextId = 5000;
  const expected = `Basic ${Buffer.from(`${options.consumerKey}:${options.consumerSecret}`).toString("base64")}`;

  function handle(request: RecordedRequest): Answer {
    const match = /^\/wp-json\/wc\/v3\/orders\/(\d+)(\/notes)?$/.exec(request.path.split("?")[0]!);
    if (!match)
      return wooError(404, "rest_no_route", "No route was found matching the URL and request method.");
    if (request.headers.authorization !== expected)
      return wooError(401, "woocommerce_rest_cannot_view", "Sorry, you cannot view this resource.");
    const fault = faults.shift();
    if (fault === "500")
      return wooError(500, "internal_server_error", "There has been a critical error on this website.");
    if (fault === "429")
      return {
        ...wooError(429, "too_many_requests", "Too many requests."),
        headers: { "retry-after": String(options.retryAfterSeconds ?? 1) },
      };
    const order = orders.get(match[1]!);
    if (!order) return wooError(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (match[2]) {
      if (request.method !== "POST")
        return wooError(404, "rest_no_route", "No route was found matching the URL and request method.");
      if (typeof body.note !== "string" || body.note === "")
        return wooError(400, "rest_missing_callback_param", "Missing parameter(s): note");
      const note = {
        id: nextId++,
        note: body.note,
        customer_note: body.customer_note === true,
        date_created_gmt: new Date().toISOString().slice(0, 19),
      };
      notes.set(match[1]!, [...(notes.get(match[1]!) ?? []), note]);
      return { status: 201, body: { ...note, author: "system", date_created: note.date_created_gmt } };
    }
    if (request.method === "GET") return { status: 200, body: order };
    if (request.method === "PUT") {
      for (const entry of Array.isArray(body.meta_data)
        ? (body.meta_data as { key?: unknown; value?: unknown }[])
        : []) {
        if (typeof entry.key !== "string") continue;
        const existing = order.meta_data.find((m) => m.key === entry.key);
        if (existing) existing.value = entry.value;
        else order.meta_data.push({ id: nextId++, key: entry.key, value: entry.value });
      }
      order.date_modified_gmt = new Date().toISOString().slice(0, 19);
      return { status: 200, body: order };
    }
    return wooError(404, "rest_no_route", "No route was found matching the URL and request method.");
  }

  const server = await startLoopbackServer(handle);
  return {
    ...server,
    orders,
    notes,
    faults,
    addOrder(order) {
      orders.set(String(order.id), { meta_data: [], ...order } as Order);
    },
  };
}
