/**
 * An emulator of the Shopify Admin GraphQL API as far as Shipwatch uses it: `POST /admin/api/{version}/graphql.json`
 * with `X-Shopify-Access-Token`, the `fulfillmentEventCreate` mutation (input checked like Shopify: a Fulfillment
 * gid, a FulfillmentEventStatus value; unknown fulfillments are userErrors), the query-cost leaky bucket in
 * `extensions.cost.throttleStatus`, THROTTLED errors when the bucket is empty, and injectable faults (THROTTLED,
 * 429 + Retry-After, 500). Accepted events are kept per fulfillment, like the order page shows them.
 */
import {
  startLoopbackServer,
  type Answer,
  type LoopbackServer,
  type RecordedRequest,
} from "./http-server.js";

export const FULFILLMENT_EVENT_STATUSES = [
  "ATTEMPTED_DELIVERY",
  "CARRIER_PICKED_UP",
  "CONFIRMED",
  "DELAYED",
  "DELIVERED",
  "FAILURE",
  "IN_TRANSIT",
  "LABEL_PRINTED",
  "LABEL_PURCHASED",
  "OUT_FOR_DELIVERY",
  "PICKED_UP",
  "READY_FOR_PICKUP",
] as const;

export type ShopifyFault = "throttled" | "429" | "500";

export interface ShopifyEmulatorOptions {
  accessToken: string;
  /** Fulfillment ids (numeric) that exist; undefined: every well-formed id exists. */
  fulfillments?: Iterable<string>;
  maximumAvailable?: number;
  restoreRate?: number;
  mutationCost?: number;
  retryAfterSeconds?: number;
}

export interface ShopifyEmulator extends LoopbackServer {
  /** Events accepted, in order. */
  events: { id: string; fulfillmentId: string; input: Record<string, unknown> }[];
  /** Faults answered to the next requests, one each, in order. */
  faults: ShopifyFault[];
  addFulfillment(id: string): void;
}

/** Starts the emulator on 127.0.0.1; use its `url` as the shop's Admin API base. */
export async function startShopifyEmulator(options: ShopifyEmulatorOptions): Promise<ShopifyEmulator> {
  const maximum = options.maximumAvailable ?? 2000;
  const restoreRate = options.restoreRate ?? 100;
  const cost = options.mutationCost ?? 10;
  let available = maximum;
  let at = Date.now();
  const known = options.fulfillments ? new Set(options.fulfillments) : null;
  const events: ShopifyEmulator["events"] = [];
  const faults: ShopifyFault[] = [];

  const bucket = () => {
    const now = Date.now();
    available = Math.min(maximum, available + ((now - at) / 1000) * restoreRate);
    at = now;
    return { maximumAvailable: maximum, currentlyAvailable: Math.floor(available), restoreRate };
  };
  const costOf = (actual: number | null) => ({
    cost: { requestedQueryCost: cost, actualQueryCost: actual, throttleStatus: bucket() },
  });

  function handle(request: RecordedRequest): Answer {
    if (request.method !== "POST" || !/^\/admin\/api\/\d{4}-\d{2}\/graphql\.json$/.test(request.path))
      return { status: 404, body: { errors: "Not Found" } };
    if (request.headers["x-shopify-access-token"] !== options.accessToken)
      return {
        status: 401,
        body: { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" },
      };
    const fault = faults.shift();
    if (fault === "500") return { status: 500, body: { errors: "Internal Server Error" } };
    if (fault === "429")
      return {
        status: 429,
        body: {
          errors:
            "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.",
        },
        headers: { "retry-after": String(options.retryAfterSeconds ?? 1) },
      };
    bucket();
    if (fault === "throttled" || available < cost) {
      if (fault === "throttled") available = Math.min(available, cost / 2);
      return {
        status: 200,
        body: {
          errors: [
            {
              message: "Throttled",
              extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
            },
          ],
          extensions: costOf(null),
        },
      };
    }
    const body = request.body as { query?: unknown; variables?: Record<string, unknown> } | null;
    if (typeof body?.query !== "string" || !body.query.includes("fulfillmentEventCreate"))
      return { status: 200, body: { errors: [{ message: "Field is not supported by this emulator" }] } };
    const input = (body.variables?.fulfillmentEvent ?? null) as Record<string, unknown> | null;
    const status = input?.status;
    if (
      !input ||
      typeof status !== "string" ||
      !(FULFILLMENT_EVENT_STATUSES as readonly string[]).includes(status)
    )
      return {
        status: 200,
        body: {
          errors: [
            {
              message: `Variable $fulfillmentEvent of type FulfillmentEventInput! was provided invalid value for status (Expected "${String(status)}" to be one of: ${FULFILLMENT_EVENT_STATUSES.join(", ")})`,
              extensions: { code: "INVALID_VARIABLE" },
            },
          ],
        },
      };
    available -= cost;
    const gid = typeof input.fulfillmentId === "string" ? input.fulfillmentId : "";
    const numeric = /^gid:\/\/shopify\/Fulfillment\/(\d+)$/.exec(gid)?.[1];
    if (!numeric || (known && !known.has(numeric)))
      return {
        status: 200,
        body: {
          data: {
            fulfillmentEventCreate: {
              fulfillmentEvent: null,
              userErrors: [
                { field: ["fulfillmentEvent", "fulfillmentId"], message: "Fulfillment does not exist." },
              ],
            },
          },
          extensions: costOf(cost),
        },
      };
    const id = `gid://shopify/FulfillmentEvent/${100000 + events.length + 1}`;
    events.push({ id, fulfillmentId: numeric, input });
    return {
      status: 200,
      body: {
        data: {
          fulfillmentEventCreate: {
            fulfillmentEvent: { id, status, happenedAt: input.happenedAt ?? new Date().toISOString() },
            userErrors: [],
          },
        },
        extensions: costOf(cost),
      },
    };
  }

  const server = await startLoopbackServer(handle);
  return { ...server, events, faults, addFulfillment: (id) => known?.add(id) };
}
