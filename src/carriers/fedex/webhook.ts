/**
 * FedEx Advanced Integrated Visibility (AIV) webhook pushes. Verification per FedEx's "Advanced Integrated
 * Visibility Validation Process": the `fdx-signature` header is the base64 HMAC-SHA256 of the raw payload keyed
 * with the project's security token (our webhook secret); compared in constant time. FedEx signs no timestamp,
 * so there is no tolerance window to check; redeliveries are harmless (raw payloads and events are deduped).
 *
 * Payload: FedEx documents that the push "follows the Track API response" shape. Assumed here (FedEx's full
 * push schema sits behind its portal): either the whole Track API envelope (`output.completeTrackResults`), a
 * `{ trackingNumber, trackResults }` entry, a bare track result (`trackingNumberInfo`, `scanEvents`, …), or a
 * list of those. All are read by the Track API parser.
 */
import { createHash } from "node:crypto";
import type { ParseOutput } from "../../core/events.js";
import type { CarrierWebhook } from "../types.js";
import { asObject, asObjects, guardParse, invalidPayload, parseJsonSafe, str } from "../shared/index.js";
import { base64SignatureMatches, headerValue, hmacSha256 } from "../shared/webhook-signature.js";
import { parseFedexTrackResponse } from "./parse.js";

/** One completeTrackResults entry from a pushed entry or bare track result; undefined when it is neither. */
function completeEntry(item: Record<string, unknown>): Record<string, unknown> | undefined {
  if (Array.isArray(item.trackResults)) return item;
  const number = str(item, "trackingNumberInfo", "trackingNumber");
  if (number) return { trackingNumber: number, trackResults: [item] };
  return undefined;
}

/** Parses an AIV push by rewrapping it as the Track API response it mirrors. */
export function parseFedexPush(body: string | Buffer): ParseOutput {
  const json = parseJsonSafe(body);
  if (!json.ok) return invalidPayload(`fedex: ${json.error}`);
  if (asObject(asObject(json.value)?.output)) return parseFedexTrackResponse(body);
  const entries = asObjects(json.value).flatMap((item) => completeEntry(item) ?? []);
  if (entries.length === 0)
    return invalidPayload("fedex: not a FedEx AIV push (no trackResults or trackingNumberInfo)");
  return parseFedexTrackResponse(JSON.stringify({ output: { completeTrackResults: entries } }));
}

export const fedexWebhook: CarrierWebhook = {
  verify(rawBody, headers, secret) {
    if (!secret) return { ok: false, reason: "no webhook secret configured" };
    const signature = headerValue(headers, "fdx-signature");
    if (!signature) return { ok: false, reason: "no fdx-signature header" };
    if (!base64SignatureMatches(signature, hmacSha256(secret, rawBody)))
      return { ok: false, reason: "signature mismatch" };
    // FedEx sends no delivery id: the body digest identifies a (re)delivery.
    return { ok: true, eventId: createHash("sha256").update(rawBody).digest("hex") };
  },
  parse: (rawBody) => guardParse("fedex", parseFedexPush)(rawBody),
};
