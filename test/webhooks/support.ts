/** Signed deliveries for webhook tests: Shipwatch's own scheme and EasyPost's, built the way senders build them. */
import { createHmac } from "node:crypto";
import { signShipwatchWebhook } from "../../src/ingest/webhooks/shipwatch-signature.js";

export interface ScanInput {
  trackingNumber: string;
  occurredAt: string;
  status: string;
  substatus?: string | null;
  code?: string;
  carrier?: string;
}

/** A Shipwatch normalized-JSON body with one event per scan. */
export function scanBody(scans: readonly ScanInput[]): string {
  return JSON.stringify({
    events: scans.map((s) => ({
      carrier: s.carrier ?? "ups",
      trackingNumber: s.trackingNumber,
      occurredAt: s.occurredAt,
      code: s.code ?? s.status.toUpperCase(),
      description: `Scan ${s.status}`,
      location: { city: "Louisville", region: "KY", country: "US" },
      status: s.status,
      substatus: s.substatus ?? null,
    })),
  });
}

/** Headers of a delivery signed with the Shipwatch scheme at `now`. */
export function shipwatchHeaders(body: string, secret: string, now = new Date(), eventId?: string) {
  return {
    "content-type": "application/json",
    "shipwatch-signature": signShipwatchWebhook(body, secret, now),
    ...(eventId ? { "shipwatch-event-id": eventId } : {}),
  };
}

/** Headers of an EasyPost delivery signed with its v1 scheme (HMAC of the body, NFKD-normalized secret). */
export function easypostHeaders(body: string, secret: string) {
  const hex = createHmac("sha256", Buffer.from(secret.normalize("NFKD"), "utf8"))
    .update(body)
    .digest("hex");
  return { "content-type": "application/json", "x-hmac-signature": `hmac-sha256-hex=${hex}` };
}
