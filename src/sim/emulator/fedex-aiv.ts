/**
 * FedEx Advanced Integrated Visibility, tracking-number subscription, as the emulator speaks it (the client is
 * src/carriers/fedex/aiv-subscription.ts, which says what is documented and what is assumed):
 * - POST {association path of a project} with `{ action: "ADD", trackingNumberDetails: [{ trackingNumber }] }`,
 *   at most 1000 numbers, validated with errors in FedEx's `{ transactionId, errors: [{ code, message }] }`
 *   envelope (the codes are ours: FedEx's list is not public), answered with a job id and status;
 * - GET {job path} answers the job's report (the emulator's jobs complete at once);
 * - the project's destination URL and security token come from the emulator's `webhookProjects`, as a seller
 *   sets them in FedEx's portal; an association never lapses (FedEx documents no expiry);
 * - each scan is pushed as one track result (the Track API's shape, holding that scan), signed with
 *   `fdx-signature`: base64 HMAC-SHA256 of the body keyed with the project's security token.
 */
import { createHmac, randomUUID } from "node:crypto";
import type { SimEvent } from "../lane-journeys.js";
import { json, type CarrierDialect, type EmulatorResponse, type VisibleParcel } from "./dialect.js";

const AIV_BATCH = 1000;
const ASSOCIATION = /^\/track\/v1\/aiv\/projects\/([^/?]+)\/trackingnumbers$/;
const JOB = /^\/track\/v1\/aiv\/projects\/([^/?]+)\/jobs\/([^/?]+)$/;

const fedexError = (status: number, code: string, message: string) =>
  json(status, { transactionId: randomUUID(), errors: [{ code, message }] });

type RenderTrackResult = (number: string, parcel: VisibleParcel) => object;

/** The AIV part of the FedEx dialect; `renderTrackResult` is the Track API's result renderer (fedex.ts). */
export function fedexAivDialect(
  renderTrackResult: RenderTrackResult,
): Pick<
  CarrierDialect,
  | "readSubscribeRequest"
  | "acceptsForPush"
  | "renderSubscribe"
  | "subscriptionDays"
  | "readJobRequest"
  | "renderJob"
  | "renderPush"
> {
  return {
    readSubscribeRequest(req, projects) {
      const m = ASSOCIATION.exec(req.path.split("?")[0]!);
      if (!m || req.method !== "POST") return null;
      const project = projects[decodeURIComponent(m[1]!)];
      if (!project)
        return fedexError(
          404,
          "WEBHOOK.PROJECT.NOTFOUND",
          "The webhook project was not found for this user.",
        );
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(req.body) as Record<string, unknown>;
      } catch {
        return fedexError(400, "INVALID.INPUT.EXCEPTION", "Invalid field value in the input");
      }
      if (!body || typeof body !== "object")
        return fedexError(400, "INVALID.INPUT.EXCEPTION", "Invalid field value in the input");
      if (body.action !== "ADD")
        return fedexError(400, "ACTION.INVALID", "Action is invalid. Only ADD is emulated.");
      const details = body.trackingNumberDetails;
      if (!Array.isArray(details) || details.length === 0)
        return fedexError(400, "TRACKINGNUMBERDETAILS.REQUIRED", "At least one tracking number is required.");
      if (details.length > AIV_BATCH)
        return fedexError(
          400,
          "TRACKINGNUMBER.LIMIT.EXCEEDED",
          `A maximum of ${AIV_BATCH} tracking numbers can be associated in a single request.`,
        );
      const numbers = details.map((d) => String((d as { trackingNumber?: unknown })?.trackingNumber ?? ""));
      return { numbers, url: project.url, credential: project.credential };
    },
    // FedEx's own check of one number (assumed): 12, 15, 20 or 22 digits.
    acceptsForPush: (number) => /^(\d{12}|\d{15}|\d{20}|\d{22})$/.test(number),
    renderSubscribe: (_valid, _invalid, jobId): EmulatorResponse => {
      const at = new Date().toISOString();
      return json(200, {
        transactionId: randomUUID(),
        output: { jobId, jobStatus: "SUBMITTED", jobCreationTimestamp: at, jobCompletionTimestamp: null },
      });
    },
    subscriptionDays: null,
    readJobRequest(req) {
      const m = JOB.exec(req.path.split("?")[0]!);
      return m && req.method === "GET" ? decodeURIComponent(m[2]!) : null;
    },
    renderJob(jobId, job) {
      if (!job) return fedexError(404, "JOB.NOTFOUND", "The requested job was not found.");
      const at = new Date().toISOString();
      return json(200, {
        transactionId: randomUUID(),
        output: {
          jobId,
          jobStatus: "COMPLETED",
          jobCreationTimestamp: at,
          jobCompletionTimestamp: at,
          trackingNumberDetails: [
            ...job.valid.map((trackingNumber) => ({ trackingNumber, status: "SUCCESS" })),
            ...job.invalid.map((trackingNumber) => ({
              trackingNumber,
              status: "FAILED",
              message: "Invalid tracking number.",
            })),
          ],
        },
      });
    },
    renderPush(number: string, event: SimEvent, parcel: VisibleParcel, credential: string) {
      // The parcel as it stood at this scan, with this scan only: one push per event.
      const upTo = parcel.events.slice(0, parcel.events.indexOf(event) + 1);
      const result = renderTrackResult(number, { journey: parcel.journey, events: upTo }) as {
        scanEvents: unknown[];
      };
      const body = JSON.stringify({ ...result, scanEvents: result.scanEvents.slice(0, 1) });
      const signature = createHmac("sha256", credential).update(body).digest("base64");
      return { headers: { "content-type": "application/json", "fdx-signature": signature }, body };
    },
  };
}
