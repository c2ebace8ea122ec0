/**
 * The only file that calls WooCommerce: its REST API v3 under `{site}/wp-json/wc/v3`, with the REST key as HTTP
 * basic auth (consumer key : consumer secret; WooCommerce accepts it over https only). 429 and 5xx are retryable,
 * after Retry-After when the site sends one (WooCommerce itself does not rate-limit; hosts and firewalls do).
 */
import { ForbiddenTargetError } from "../../notifications/outbound-http.js";
import { errorForStatus, PlatformError, retryAfterSeconds } from "../platform-error.js";
import { isObject, type Json } from "../payload-fields.js";

export interface WooCommerceClientOptions {
  /** The site URL (`https://shop.example.com`). */
  site: string;
  consumerKey: string;
  consumerSecret: string;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  maxWaitMs?: number;
  timeoutMs?: number;
}

export class WooCommerceClient {
  private readonly fetchFn: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly auth: string;

  constructor(private readonly options: WooCommerceClientOptions) {
    this.fetchFn = options.fetch ?? fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.auth = `Basic ${Buffer.from(`${options.consumerKey}:${options.consumerSecret}`).toString("base64")}`;
  }

  private async request(method: "GET" | "POST" | "PUT", path: string, body?: unknown): Promise<Json> {
    const url = `${this.options.site.replace(/\/+$/, "")}/wp-json/wc/v3${path}`;
    let waited = 0;
    for (;;) {
      let response: Response;
      try {
        response = await this.fetchFn(url, {
          method,
          headers: {
            authorization: this.auth,
            accept: "application/json",
            ...(body === undefined ? {} : { "content-type": "application/json" }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
        });
      } catch (error) {
        // A site the SSRF guard refuses stays refused: failing at once tells the seller, retrying would not.
        throw new PlatformError(
          `WooCommerce unreachable: ${(error as Error).message}`,
          !(error instanceof ForbiddenTargetError),
        );
      }
      if (response.status === 429) {
        const ms = retryAfterSeconds(response.headers.get("retry-after"), 2) * 1000;
        if (waited + ms > (this.options.maxWaitMs ?? 10_000))
          throw new PlatformError("WooCommerce answered 429", true, 429);
        await this.sleep(ms);
        waited += ms;
        continue;
      }
      const text = await response.text();
      if (!response.ok) throw errorForStatus("WooCommerce", response.status, text.slice(0, 200));
      try {
        const json: unknown = JSON.parse(text);
        if (isObject(json)) return json;
      } catch {
        // fall through: a 200 that is not JSON is a misconfigured site (a login page, a cache), worth retrying
      }
      throw new PlatformError("WooCommerce answered with something other than JSON", true, response.status);
    }
  }

  getOrder(orderId: string): Promise<Json> {
    return this.request("GET", `/orders/${encodeURIComponent(orderId)}`);
  }

  updateOrderMeta(orderId: string, meta: { key: string; value: unknown }[]): Promise<Json> {
    return this.request("PUT", `/orders/${encodeURIComponent(orderId)}`, { meta_data: meta });
  }

  addOrderNote(orderId: string, note: string, customerNote = false): Promise<Json> {
    return this.request("POST", `/orders/${encodeURIComponent(orderId)}/notes`, {
      note,
      customer_note: customerNote,
    });
  }
}
