/**
 * The carrier API emulator's request handling, shared by the HTTP server and the in-process fetch: routes
 * `/{carrier}/…` to the carrier's dialect, serves OAuth tokens (expiring on the emulator's clock), checks
 * credentials, enforces a per-account request budget (429 + Retry-After), injects faults, and answers tracking
 * requests from the simulated world as it is visible at that instant. Carriers that push (UPS Track Alert, FedEx
 * AIV, USPS Subscriptions - Tracking) also take subscriptions (FedEx's as jobs, read back by id, to the webhook
 * project set up in `webhookProjects`); `pushDue` then POSTs each subscribed parcel's newly visible scans to its
 * destination.
 */
import { randomBytes } from "node:crypto";
import { seededRandom } from "../journeys.js";
import type { Clock } from "../clock.js";
import type { SimWorld } from "../world.js";
import type {
  CarrierDialect,
  EmulatorRequest,
  EmulatorResponse,
  PushProject,
  SubscribeJob,
  SubscribeRequest,
} from "./dialect.js";
import { dhlExpressDialect } from "./dhl_express.js";
import { decideFault, GATEWAY_HTML, type EmulatorFaults } from "./faults.js";
import { fedexDialect } from "./fedex.js";
import { upsDialect } from "./ups.js";
import { uspsDialect } from "./usps.js";

export const DIALECTS: Readonly<Record<string, CarrierDialect>> = {
  ups: upsDialect,
  fedex: fedexDialect,
  usps: uspsDialect,
  dhl_express: dhlExpressDialect,
};

/** The credentials the emulator accepts: clientId/clientSecret (OAuth carriers) or apiKey/apiSecret (DHL). */
export const SIM_CREDENTIALS = {
  ups: { clientId: "sim-ups", clientSecret: "sim-secret" },
  fedex: { clientId: "sim-fedex", clientSecret: "sim-secret" },
  usps: { clientId: "sim-usps", clientSecret: "sim-secret" },
  dhl_express: { apiKey: "sim-dhl", apiSecret: "sim-secret" },
} as const;

export interface EmulatorOptions {
  world: SimWorld;
  clock: Clock;
  faults?: EmulatorFaults;
  /** Each account's budget per minute of emulator time; beyond it the answer is 429. Default: unlimited. */
  requestsPerMinute?: number;
  tokenLifetimeSeconds?: number;
  seed?: number;
  /**
   * Webhook projects by id, as the seller set them up in a carrier's portal (FedEx AIV: destination URL and
   * security token): subscription requests that name a project push there.
   */
  webhookProjects?: Readonly<Record<string, PushProject>>;
}

export interface EmulatorStats {
  requests: number;
  tokenRequests: number;
  /** Tracking requests that reached the tracking endpoint, per carrier. */
  trackRequests: Record<string, number>;
  /** Tracking numbers asked about (a FedEx batch counts each number). */
  numbersTracked: number;
  rateLimited: number;
  serverErrors: number;
  timeouts: number;
  unauthorized: number;
  /** Push subscription requests answered 200, per carrier. */
  subscribeRequests: Record<string, number>;
  /** Reads of subscription jobs (FedEx AIV job details), per carrier. */
  jobRequests: Record<string, number>;
  /** Scans POSTed to subscription destinations (answered 2xx or not). */
  pushes: number;
  pushFailures: number;
}

/** A live push subscription: where to push one parcel's scans, and how many of them were visible already. */
export interface EmulatorSubscription {
  carrier: string;
  number: string;
  url: string;
  credential: string;
  /** When it lapses (Infinity: never). */
  expiresAt: number;
  /** Scans pushed or visible before the subscription (no history: UPS pushes only what happens after). */
  sent: number;
}

export interface CarrierEmulatorCore {
  handle(req: {
    method: string;
    url: string;
    headers: Record<string, string | undefined>;
    body: string;
  }): Promise<EmulatorResponse>;
  readonly stats: EmulatorStats;
  /** Live and lapsed subscriptions, by `${carrier}:${number}`. */
  readonly subscriptions: ReadonlyMap<string, EmulatorSubscription>;
  /** Pushes every subscribed parcel's scans that became visible since the last push (emulator clock). */
  pushDue(fetchImpl?: typeof fetch): Promise<number>;
}

/** How long a push subscription lasts unless the dialect says otherwise (UPS Track Alert: 14 days). */
export const SUBSCRIPTION_MS = 14 * 86_400_000;

/** Creates the emulator's request handler. */
export function createEmulatorCore(options: EmulatorOptions): CarrierEmulatorCore {
  const rand = seededRandom(options.seed ?? 7);
  const faults = options.faults ?? {};
  const lifetime = options.tokenLifetimeSeconds ?? 3600;
  const tokens = new Map<string, { carrier: string; clientId: string; expiresAt: number }>();
  const windows = new Map<string, { start: number; count: number }>();
  const stats: EmulatorStats = {
    requests: 0,
    tokenRequests: 0,
    trackRequests: {},
    numbersTracked: 0,
    rateLimited: 0,
    serverErrors: 0,
    timeouts: 0,
    unauthorized: 0,
    subscribeRequests: {},
    jobRequests: {},
    pushes: 0,
    pushFailures: 0,
  };
  const subscriptions = new Map<string, EmulatorSubscription>();
  const jobs = new Map<string, SubscribeJob & { carrier: string }>();
  const projects = options.webhookProjects ?? {};

  function visibleEvents(carrier: string, number: string, now: number) {
    const journey = options.world.get(carrier, number);
    return { journey, events: journey ? journey.events.filter((e) => e.visibleAt <= now) : [] };
  }

  /** Records a subscription request's accepted numbers and answers with the carrier's lists. */
  function subscribe(dialect: CarrierDialect, sub: SubscribeRequest, now: number): EmulatorResponse {
    stats.subscribeRequests[dialect.carrier] = (stats.subscribeRequests[dialect.carrier] ?? 0) + 1;
    const valid = sub.numbers.filter((n) => dialect.acceptsForPush?.(n) ?? true);
    const invalid = sub.numbers.filter((n) => !valid.includes(n));
    const days =
      dialect.subscriptionDays === undefined ? SUBSCRIPTION_MS / 86_400_000 : dialect.subscriptionDays;
    const expiresAt = days === null ? Infinity : now + days * 86_400_000;
    for (const number of valid)
      subscriptions.set(`${dialect.carrier}:${number}`, {
        carrier: dialect.carrier,
        number,
        url: sub.url,
        credential: sub.credential,
        expiresAt,
        sent: visibleEvents(dialect.carrier, number, now).events.length,
      });
    const jobId = randomBytes(8).toString("hex");
    jobs.set(jobId, { carrier: dialect.carrier, valid, invalid });
    return dialect.renderSubscribe!(valid, invalid, jobId);
  }

  async function pushDue(fetchImpl: typeof fetch = fetch): Promise<number> {
    const now = options.clock.now();
    let pushed = 0;
    for (const sub of subscriptions.values()) {
      if (sub.expiresAt <= now) continue;
      const dialect = DIALECTS[sub.carrier]!;
      const { journey, events } = visibleEvents(sub.carrier, sub.number, now);
      // Scans go out in order, one POST each; a refused push is lost, as it is with UPS (no retry queue).
      for (const event of events.slice(sub.sent)) {
        const push = dialect.renderPush!(sub.number, event, { journey: journey!, events }, sub.credential);
        stats.pushes += 1;
        pushed += 1;
        try {
          const res = await fetchImpl(sub.url, {
            method: "POST",
            headers: push.headers,
            body: push.body,
          });
          if (!res.ok) stats.pushFailures += 1;
          await res.arrayBuffer();
        } catch {
          stats.pushFailures += 1;
        }
      }
      sub.sent = events.length;
    }
    return pushed;
  }

  /** The account behind a tracking request, or null when its credentials are not valid. */
  function account(dialect: CarrierDialect, req: EmulatorRequest, now: number): string | null {
    const auth = req.headers.authorization ?? "";
    if (dialect.auth === "basic") {
      const basic = /^Basic\s+(.+)$/i.exec(auth)?.[1];
      const [key, secret] = basic ? Buffer.from(basic, "base64").toString("utf8").split(":") : [];
      const expected = SIM_CREDENTIALS.dhl_express;
      return key === expected.apiKey && secret === expected.apiSecret ? key : null;
    }
    const token = tokens.get(/^Bearer\s+(.+)$/i.exec(auth)?.[1] ?? "");
    return token && token.carrier === dialect.carrier && token.expiresAt > now ? token.clientId : null;
  }

  function overBudget(accountId: string, now: number): number | null {
    if (!options.requestsPerMinute) return null;
    const w = windows.get(accountId);
    if (!w || now - w.start >= 60_000) {
      windows.set(accountId, { start: now, count: 1 });
      return null;
    }
    w.count += 1;
    return w.count > options.requestsPerMinute ? Math.ceil((w.start + 60_000 - now) / 1000) : null;
  }

  async function handle(raw: {
    method: string;
    url: string;
    headers: Record<string, string | undefined>;
    body: string;
  }): Promise<EmulatorResponse> {
    stats.requests += 1;
    const now = options.clock.now();
    const m = /^\/([a-z_]+)(\/.*)?$/.exec(raw.url);
    const dialect = m ? DIALECTS[m[1]!] : undefined;
    if (!dialect) return { status: 404, body: "no such carrier", headers: { "content-type": "text/plain" } };
    const req: EmulatorRequest = {
      method: raw.method,
      path: m?.[2] ?? "/",
      headers: raw.headers,
      body: raw.body,
    };
    if (faults.latencyMs) {
      const { min, max } = faults.latencyMs;
      await new Promise((resolve) => setTimeout(resolve, min + rand() * (max - min)));
    }
    if (dialect.tokenPath && req.path.split("?")[0] === dialect.tokenPath && req.method === "POST") {
      stats.tokenRequests += 1;
      const creds = dialect.readTokenRequest?.(req);
      const expected = SIM_CREDENTIALS[dialect.carrier] as { clientId?: string; clientSecret?: string };
      if (!creds || creds.clientId !== expected.clientId || creds.clientSecret !== expected.clientSecret) {
        stats.unauthorized += 1;
        return {
          status: 401,
          body: JSON.stringify({
            error: "invalid_client",
            error_description: "Client authentication failed",
          }),
          headers: { "content-type": "application/json" },
        };
      }
      const token = randomBytes(24).toString("base64url");
      tokens.set(token, {
        carrier: dialect.carrier,
        clientId: creds.clientId,
        expiresAt: now + lifetime * 1000,
      });
      return {
        status: 200,
        body: JSON.stringify(dialect.tokenResponse!(token, creds.clientId, lifetime, now)),
        headers: { "content-type": "application/json" },
      };
    }
    const sub = dialect.readSubscribeRequest?.(req, projects) ?? null;
    const jobId = sub ? null : (dialect.readJobRequest?.(req) ?? null);
    const numbers = sub || jobId !== null ? [] : dialect.readTrackRequest(req);
    if (numbers === null)
      return { status: 404, body: "no such endpoint", headers: { "content-type": "text/plain" } };
    const accountId = account(dialect, req, now);
    if (!accountId) {
      stats.unauthorized += 1;
      return dialect.renderError("unauthorized", req);
    }
    const retryAfter = overBudget(`${dialect.carrier}:${accountId}`, now);
    const fault = retryAfter !== null ? "rate_limited" : decideFault(faults, rand);
    if (fault === "rate_limited") {
      stats.rateLimited += 1;
      const res = dialect.renderError("rate_limited", req);
      return {
        ...res,
        headers: { ...res.headers, "retry-after": String(retryAfter ?? faults.retryAfterSeconds ?? 30) },
      };
    }
    if (fault === "server_error" || fault === "gateway_html") {
      stats.serverErrors += 1;
      return fault === "server_error"
        ? dialect.renderError("server_error", req)
        : { status: 502, body: GATEWAY_HTML, headers: { "content-type": "text/html" } };
    }
    if (fault === "timeout") {
      stats.timeouts += 1;
      return { status: 504, body: "", hang: true };
    }
    if (sub) return "status" in sub ? sub : subscribe(dialect, sub, now);
    if (jobId !== null) {
      stats.jobRequests[dialect.carrier] = (stats.jobRequests[dialect.carrier] ?? 0) + 1;
      const job = jobs.get(jobId);
      return dialect.renderJob!(jobId, job && job.carrier === dialect.carrier ? job : null);
    }
    stats.trackRequests[dialect.carrier] = (stats.trackRequests[dialect.carrier] ?? 0) + 1;
    stats.numbersTracked += numbers.length;
    const requested = numbers.map((number) => {
      const journey = options.world.get(dialect.carrier, number);
      const events = journey ? journey.events.filter((e) => e.visibleAt <= now) : [];
      return { number, parcel: journey && events.length > 0 ? { journey, events } : null };
    });
    return dialect.renderTrack(requested, now);
  }

  return { handle, stats, subscriptions, pushDue };
}
