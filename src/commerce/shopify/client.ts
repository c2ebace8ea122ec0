/**
 * The only file that calls Shopify: the Admin GraphQL API (`POST https://{shop}/admin/api/2025-01/graphql.json`,
 * header `X-Shopify-Access-Token`). Shopify rate-limits by query cost (a leaky bucket per shop, reported in
 * `extensions.cost.throttleStatus`): the client waits before a call when the bucket is nearly empty, waits and
 * retries when told THROTTLED or 429 + Retry-After (up to `maxWaitMs` in all), and otherwise hands a retryable
 * error back to the job queue.
 */
import { ForbiddenTargetError } from "../../notifications/outbound-http.js";
import { errorForStatus, PlatformError, retryAfterSeconds } from "../platform-error.js";

export const SHOPIFY_API_VERSION = "2025-01";

export interface ShopifyClientOptions {
  shop: string;
  accessToken: string;
  /** Default `https://{shop}`; the emulator's URL in tests and the demo. */
  baseUrl?: string;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Longest total wait for rate limits inside one call before giving the job back to the queue. */
  maxWaitMs?: number;
  timeoutMs?: number;
}

interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

// Bucket state per shop, as last reported: shared by every call of this process.
const buckets = new Map<string, { status: ThrottleStatus; at: number }>();
// Points kept in reserve: a fulfillment event mutation costs ~10.
const RESERVE = 50;

interface GraphqlResponse<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
  extensions?: { cost?: { requestedQueryCost?: number; throttleStatus?: ThrottleStatus } };
}

export class ShopifyClient {
  private readonly base: string;
  private readonly fetchFn: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxWaitMs: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: ShopifyClientOptions) {
    this.base = (options.baseUrl ?? `https://${options.shop}`).replace(/\/+$/, "");
    this.fetchFn = options.fetch ?? fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.maxWaitMs = options.maxWaitMs ?? 10_000;
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  /** Milliseconds to wait before spending `cost` points, from the last reported bucket. */
  private waitFor(cost: number): number {
    const known = buckets.get(this.options.shop);
    if (!known) return 0;
    const restored = ((Date.now() - known.at) / 1000) * known.status.restoreRate;
    const available = Math.min(known.status.maximumAvailable, known.status.currentlyAvailable + restored);
    return available >= cost ? 0 : Math.ceil(((cost - available) / known.status.restoreRate) * 1000);
  }

  /** Runs one GraphQL operation; throws PlatformError (retryable or not). */
  async graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    let waited = 0;
    for (;;) {
      const before = this.waitFor(RESERVE);
      if (before > 0) {
        if (waited + before > this.maxWaitMs)
          throw new PlatformError("Shopify rate limit: bucket empty", true, 429);
        await this.sleep(before);
        waited += before;
      }
      let response: Response;
      try {
        response = await this.fetchFn(`${this.base}/admin/api/${SHOPIFY_API_VERSION}/graphql.json`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            accept: "application/json",
            "x-shopify-access-token": this.options.accessToken,
          },
          body: JSON.stringify({ query, variables }),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (error) {
        // A site the SSRF guard refuses stays refused: failing at once tells the seller, retrying would not.
        throw new PlatformError(
          `Shopify unreachable: ${(error as Error).message}`,
          !(error instanceof ForbiddenTargetError),
        );
      }
      if (response.status === 429) {
        const ms = retryAfterSeconds(response.headers.get("retry-after"), 2) * 1000;
        if (waited + ms > this.maxWaitMs) throw new PlatformError("Shopify answered 429", true, 429);
        await this.sleep(ms);
        waited += ms;
        continue;
      }
      if (!response.ok)
        throw errorForStatus("Shopify", response.status, (await response.text()).slice(0, 200));
      const body = (await response.json()) as GraphqlResponse<T>;
      const cost = body.extensions?.cost;
      if (cost?.throttleStatus)
        buckets.set(this.options.shop, { status: cost.throttleStatus, at: Date.now() });
      if (body.errors?.some((e) => e.extensions?.code === "THROTTLED")) {
        const ms = Math.max(this.waitFor(cost?.requestedQueryCost ?? RESERVE), 500);
        if (waited + ms > this.maxWaitMs) throw new PlatformError("Shopify throttled the call", true, 429);
        await this.sleep(ms);
        waited += ms;
        continue;
      }
      if (body.errors?.length)
        throw new PlatformError(
          `Shopify GraphQL error: ${body.errors.map((e) => e.message).join("; ")}`,
          false,
        );
      if (!body.data) throw new PlatformError("Shopify answered without data", true);
      return body.data;
    }
  }
}

/** Forgets the rate-limit state of every shop (tests). */
export function forgetShopifyBuckets(): void {
  buckets.clear();
}
