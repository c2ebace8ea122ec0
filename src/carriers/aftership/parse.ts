/**
 * Pure parser for the AfterShip Tracking API (JSON; `{ meta, data }` envelope): one tracking (`data.tracking` in
 * v4 and the 2023 versions, `data` itself since 2024-04), a list (`data.trackings`), a webhook delivery
 * (`{ msg: tracking }`) or an error (`meta.code` ≠ 200/201). AfterShip is an aggregator: `carrier` is
 * "aftership" and the courier's AfterShip slug (plus shipment type) is in `service`, e.g. "postnl-3s".
 */
import type { NormalizedEvent, NormalizedResult, ParseOutput } from "../../core/events.js";
import {
  asNumber,
  asObject,
  asObjects,
  firstString,
  invalidPayload,
  isoDateOrInstant,
  makeEvent,
  makeLocation,
  makeResult,
  mapCarrierCode,
  parseError,
  parseJsonSafe,
  resolveCarrierTime,
  str,
  type Dict,
  type MappedStatus,
  type ParseErrorKind,
} from "../shared/index.js";
import { alpha2FromAlpha3 } from "../shared/iso3.js";
import { aftershipStatusMap } from "./status-map.js";

const CARRIER = "aftership";

function mapTag(tag: string | undefined, subtag: string | undefined): MappedStatus {
  return mapCarrierCode(CARRIER, aftershipStatusMap, subtag, tag ? `tag:${tag}` : undefined);
}

/** meta.code: AfterShip's own codes (4004 tracking does not exist, 401 invalid key, 429 too many requests...). */
function errorKind(code: number | undefined, type: string | undefined): ParseErrorKind {
  if (code === 4004 || code === 404 || type === "NotFound") return "not_found";
  if (code === 401 || code === 403 || type === "Unauthorized" || type === "Forbidden") return "unauthorized";
  if (code === 429 || type === "TooManyRequests") return "rate_limited";
  return "carrier_error";
}

function parseCheckpoint(cp: Dict): NormalizedEvent | null {
  const country = alpha2FromAlpha3(firstString(cp.country_region, cp.country_iso3));
  const region = str(cp, "state");
  const city = str(cp, "city");
  const time = resolveCarrierTime({ date: str(cp, "checkpoint_time"), location: { country, region, city } });
  if (!time) return null;
  const subtag = str(cp, "subtag");
  const tag = str(cp, "tag");
  return makeEvent(time, {
    code: subtag ?? tag ?? null,
    description: firstString(cp.message, cp.subtag_message),
    location: makeLocation({
      city,
      region,
      postalCode: str(cp, "zip"),
      country,
      text: str(cp, "location"),
    }),
    mapped: mapTag(tag, subtag),
  });
}

function estimatedDelivery(t: Dict): string | null {
  return (
    isoDateOrInstant(str(t, "courier_estimated_delivery_date", "estimated_delivery_date")) ??
    isoDateOrInstant(str(t, "latest_estimated_delivery", "datetime")) ??
    isoDateOrInstant(str(t, "aftership_estimated_delivery_date", "estimated_delivery_date")) ??
    isoDateOrInstant(str(t, "expected_delivery"))
  );
}

/** One AfterShip tracking object → a result (null without a tracking number). */
export function parseAfterShipTracking(t: Dict): NormalizedResult | null {
  const trackingNumber = str(t, "tracking_number");
  if (!trackingNumber) return null;
  const events = asObjects(t.checkpoints).flatMap((cp) => parseCheckpoint(cp) ?? []);
  const tag = str(t, "tag");
  const slug = str(t, "slug");
  const shipmentType = str(t, "shipment_type");
  return makeResult({
    trackingNumber,
    carrier: CARRIER,
    events,
    status: tag || str(t, "subtag") ? mapTag(tag, str(t, "subtag")) : null,
    estimatedDelivery: estimatedDelivery(t),
    signedBy: str(t, "signed_by") ?? null,
    service: slug && shipmentType ? `${slug}: ${shipmentType}` : (slug ?? shipmentType ?? null),
  });
}

const isTracking = (o: Dict | undefined): o is Dict => !!o && typeof o.tracking_number === "string";

/** Parses an AfterShip API body or webhook delivery. */
export function parseAfterShipResponse(body: string | Buffer): ParseOutput {
  const json = parseJsonSafe(body);
  if (!json.ok) return invalidPayload(`aftership: ${json.error}`);
  const root = asObject(json.value);
  if (!root) return invalidPayload("aftership: not a JSON object");
  const webhookTracking = asObject(root.msg);
  if (isTracking(webhookTracking))
    return { results: [parseAfterShipTracking(webhookTracking)].flatMap((r) => r ?? []), errors: [] };
  const meta = asObject(root.meta);
  const code = asNumber(meta?.code);
  if (!meta || code === undefined)
    return invalidPayload("aftership: no meta.code (not an AfterShip API body)");
  if (code !== 200 && code !== 201) {
    const type = str(meta, "type");
    const message = str(meta, "message") ?? type ?? "AfterShip error";
    return { results: [], errors: [parseError(errorKind(code, type), message, String(code))] };
  }
  const data = asObject(root.data);
  const trackings = isTracking(asObject(data?.tracking))
    ? asObjects(data?.tracking)
    : Array.isArray(data?.trackings)
      ? asObjects(data.trackings)
      : isTracking(data)
        ? [data]
        : [];
  return { results: trackings.flatMap((t) => parseAfterShipTracking(t) ?? []), errors: [] };
}
