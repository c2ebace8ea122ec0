/**
 * FedEx Advanced Integrated Visibility (AIV) — Tracking Number Subscription API: adds tracking numbers to a
 * webhook project, whose pushes webhook.ts receives.
 *
 * Documented (developer.fedex.com, catalog/tracking-number-subscription/docs.html and
 * catalog/shipment-visibility-webhook/docs/tracking-number-subscription/add-tracking-number-webhook.html):
 * - calls use the OAuth token of the Authorization API (the same /oauth/token as the Track API);
 * - the "Tracking Number Association" endpoint takes an action ("ADD") and the tracking numbers, at most 1000 per
 *   request, and starts an asynchronous job: the answer is a job id, the job's status and its creation and
 *   completion timestamps;
 * - job statuses: SUBMITTED, ACCEPTED, NOT_ACCEPTED, QUEUED, IN_PROGRESS, COMPLETED, FAILED. COMPLETED does not
 *   mean every number was added: the "Tracking Number Job Details" endpoint returns the job's JSON report, per
 *   number, once the job is COMPLETED. NOT_ACCEPTED and FAILED mean "retry";
 * - the destination URL and the security token that signs pushes (`fdx-signature`) are set on the webhook
 *   project in the FedEx Developer Portal, not in the request: the request names the project.
 *
 * Assumed (FedEx's API reference for this product sits behind the portal): the paths below, the JSON field
 * names (`action`, `trackingNumberDetails[].trackingNumber`, `output.jobId`, `output.jobStatus`, the report's
 * per-number `status` SUCCESS/FAILED), that the project is named in the path, that errors come in FedEx's usual
 * `{ transactionId, errors: [{ code, message }] }` envelope, and that adding a number already associated is
 * harmless. FedEx documents no lapse of an association; we re-add after SUBSCRIPTION_DAYS so a number FedEx
 * dropped without telling us is caught again (assumed horizon, ours, not FedEx's).
 */
import type { CarrierClientOptions, SubscribeResponse } from "../types.js";
import {
  joinUrl,
  mergeRateLimits,
  parseJsonSafe,
  type CarrierHttpResponse,
  type TokenCache,
  bearerJsonRequest,
} from "../shared/index.js";

/** "You can associate maximum of 1000 tracking numbers in a single request." */
export const AIV_BATCH = 1000;
/** Our re-add horizon (assumed: FedEx documents no expiry for an association). */
export const AIV_SUBSCRIPTION_DAYS = 30;

/** Assumed paths (see above). */
export const aivAssociationPath = (project: string) =>
  `/track/v1/aiv/projects/${encodeURIComponent(project)}/trackingnumbers`;
export const aivJobPath = (project: string, jobId: string) =>
  `/track/v1/aiv/projects/${encodeURIComponent(project)}/jobs/${encodeURIComponent(jobId)}`;

/** The association request body (assumed field names; the action and the numbers are documented inputs). */
export function aivAssociationBody(numbers: readonly string[]): object {
  return { action: "ADD", trackingNumberDetails: numbers.map((trackingNumber) => ({ trackingNumber })) };
}

type Dict = Record<string, unknown>;
const asDict = (v: unknown): Dict => (v && typeof v === "object" && !Array.isArray(v) ? (v as Dict) : {});

function bodyOf(text: string): Dict {
  const json = parseJsonSafe(text);
  return json.ok ? asDict(json.value) : {};
}

/** "HTTP 400 (CODE: message; …)" from FedEx's error envelope. */
function describeError(res: CarrierHttpResponse, body: Dict): string {
  const errors = Array.isArray(body.errors) ? body.errors.map(asDict) : [];
  const codes = errors.map((e) => `${String(e.code ?? "")}: ${String(e.message ?? "")}`);
  return `FedEx AIV HTTP ${res.status}${codes.length ? ` (${codes.join("; ")})` : ""}`;
}

/** Job statuses after which FedEx will not process the request: the whole request is asked again later. */
const REFUSED_JOB = new Set(["NOT_ACCEPTED", "FAILED"]);

/**
 * Reads a COMPLETED job's report: numbers reported SUCCESS are subscribed, the rest (reported otherwise or not
 * named) are not. Null while the job has no report yet.
 */
export function readAivJobReport(
  numbers: readonly string[],
  body: string,
): Pick<SubscribeResponse, "valid" | "invalid"> | null {
  const output = asDict(bodyOf(body).output);
  if (String(output.jobStatus ?? "").toUpperCase() !== "COMPLETED") return null;
  const details = Array.isArray(output.trackingNumberDetails) ? output.trackingNumberDetails.map(asDict) : [];
  const ok = new Set(
    details
      .filter((d) => String(d.status ?? "").toUpperCase() === "SUCCESS")
      .map((d) => String(d.trackingNumber ?? "").trim()),
  );
  return { valid: numbers.filter((n) => ok.has(n)), invalid: numbers.filter((n) => !ok.has(n)) };
}

/**
 * One association request (numbers.length ≤ AIV_BATCH) and one read of its job's report. When the report is
 * not ready yet, FedEx has accepted the job: the numbers count as subscribed (they keep a safety-net poll, so a
 * number FedEx later fails to add is still tracked, only less often until the re-add).
 */
export async function subscribeAiv(
  tokens: TokenCache,
  baseUrl: string,
  project: string,
  options: CarrierClientOptions,
  numbers: readonly string[],
  signal?: AbortSignal,
): Promise<SubscribeResponse> {
  if (numbers.length > AIV_BATCH)
    throw new Error(`FedEx AIV takes at most ${AIV_BATCH} tracking numbers per request`);
  const now = (options.now ?? Date.now)();
  const call = (path: string, body?: string) =>
    bearerJsonRequest(
      tokens,
      options,
      {
        url: joinUrl(baseUrl, path),
        method: body === undefined ? "GET" : "POST",
        headers: { "x-locale": "en_US" },
        body,
      },
      signal,
    );
  const expiresAt = new Date(now + AIV_SUBSCRIPTION_DAYS * 86_400_000);
  const assoc = await call(aivAssociationPath(project), JSON.stringify(aivAssociationBody(numbers)));
  const answer = bodyOf(assoc.body);
  const output = asDict(answer.output);
  const jobId = typeof output.jobId === "string" ? output.jobId : "";
  const jobStatus = String(output.jobStatus ?? "").toUpperCase();
  const failed = (error: string, res = assoc): SubscribeResponse => ({
    httpStatus: res.status,
    valid: [],
    invalid: [...numbers],
    expiresAt,
    error,
    rateLimit: res.rateLimit,
  });
  if (assoc.status < 200 || assoc.status >= 300) return failed(describeError(assoc, answer));
  if (!jobId) return failed(`FedEx AIV HTTP ${assoc.status} without a job id`);
  if (REFUSED_JOB.has(jobStatus)) return failed(`FedEx AIV job ${jobId} ${jobStatus}`);

  const job = await call(aivJobPath(project, jobId));
  const report = job.status === 200 ? readAivJobReport(numbers, job.body) : null;
  return {
    httpStatus: assoc.status,
    ...(report ?? { valid: [...numbers], invalid: [] }),
    expiresAt,
    error: null,
    rateLimit: mergeRateLimits([assoc.rateLimit, job.rateLimit]),
  };
}
