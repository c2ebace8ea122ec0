/**
 * EDI X12 214 (carrier shipment status) → events. Each ST…SE transaction set is one shipment: its tracking number
 * from L11 qualified 2I (tracking number), else B10-02 (shipment identification), else B10-01; its carrier from
 * the caller or the SCAC in B10-03. Each AT7 (status, reason, date, time, time code) with the MS1 that follows it
 * (city, state, country) is one scan. Problems are reported with the segment's line, and the rest is kept.
 */
import { resolveCarrierTime } from "../../carriers/shared/time.js";
import { countryCode } from "../../carriers/shared/zones.js";
import type { NormalizedEvent } from "../../core/events.js";
import type { FileEvent } from "./csv-events.js";
import { AT7_STATUS_CODES, AT7_TIME_CODE_OFFSETS, mapAt7, SCAC_TO_CARRIER } from "./edi214-codes.js";
import type { X12Segment } from "./edi-segments.js";

export type EdiItem = { line: number; event: FileEvent; raw: string } | { line: number; error: string };

interface PendingScan {
  at7: X12Segment;
  ms1: X12Segment | null;
}

interface Transaction {
  line: number;
  raw: string[];
  b10: X12Segment | null;
  trackingFromL11: string | null;
  scac: string | null;
  scans: PendingScan[];
}

/** Turns a stream of X12 segments into events (one per AT7) and line-numbered errors. */
export async function* edi214Events(
  segments: AsyncIterable<X12Segment | { line: number; error: string }>,
  options: { carrier?: string } = {},
): AsyncGenerator<EdiItem> {
  let tx: Transaction | null = null;
  for await (const seg of segments) {
    if ("error" in seg) {
      yield seg;
      continue;
    }
    if (seg.id === "ST") {
      if (tx)
        yield { line: tx.line, error: "transaction set has no SE segment; its scans were not imported" };
      if (seg.elements[0] !== "214") {
        yield {
          line: seg.line,
          error: `transaction set ${seg.elements[0] ?? "?"} is not a 214 (shipment status); skipped`,
        };
        tx = null;
        continue;
      }
      tx = { line: seg.line, raw: [seg.raw], b10: null, trackingFromL11: null, scac: null, scans: [] };
      continue;
    }
    if (!tx) continue; // ISA, GS, GE, IEA and anything outside a 214 transaction set
    tx.raw.push(seg.raw);
    if (seg.id === "B10") {
      tx.b10 = seg;
      tx.scac = seg.elements[2]?.trim() || tx.scac;
    } else if (seg.id === "L11" && seg.elements[1] === "2I" && seg.elements[0])
      tx.trackingFromL11 = seg.elements[0].trim();
    else if (seg.id === "MS2" && !tx.scac && seg.elements[0]) tx.scac = seg.elements[0].trim();
    else if (seg.id === "AT7") tx.scans.push({ at7: seg, ms1: null });
    else if (seg.id === "MS1" && tx.scans.length > 0 && !tx.scans.at(-1)!.ms1) tx.scans.at(-1)!.ms1 = seg;
    else if (seg.id === "SE") {
      yield* finish(tx, options.carrier);
      tx = null;
    }
  }
  if (tx) yield { line: tx.line, error: "transaction set has no SE segment; its scans were not imported" };
}

function* finish(tx: Transaction, carrierOverride: string | undefined): Generator<EdiItem> {
  const trackingNumber =
    tx.trackingFromL11 ?? (tx.b10?.elements[1]?.trim() || tx.b10?.elements[0]?.trim() || null);
  if (!trackingNumber) {
    yield {
      line: tx.line,
      error: "214 without a tracking number (no L11*…*2I and no B10 shipment identification)",
    };
    return;
  }
  const carrier = carrierOverride ?? (tx.scac ? SCAC_TO_CARRIER[tx.scac.toUpperCase()] : undefined);
  if (!carrier) {
    yield {
      line: tx.line,
      error: `unknown carrier SCAC "${tx.scac ?? ""}" for ${trackingNumber}; pass --carrier`,
    };
    return;
  }
  const raw = tx.raw.join("~\n");
  for (const scan of tx.scans) {
    const result = scanToEvent(scan);
    if ("error" in result) yield { line: scan.at7.line, error: `${trackingNumber}: ${result.error}` };
    else yield { line: scan.at7.line, raw, event: { carrier, trackingNumber, event: result } };
  }
}

function scanToEvent(scan: PendingScan): NormalizedEvent | { error: string } {
  const [statusCode = "", reasonCode, , , date, time, timeCode] = scan.at7.elements.map((e) => e.trim());
  if (!statusCode)
    return { error: "AT7 has no shipment status code (AT701); appointment-only AT7s are not scans" };
  const mapped = mapAt7(statusCode, reasonCode || undefined);
  if (!date || !/^\d{8}$/.test(date))
    return { error: `AT7 ${statusCode}: date AT705 "${date ?? ""}" is not CCYYMMDD` };
  const [city, region, country] = (scan.ms1?.elements ?? []).map((e) => e.trim() || null);
  // MS103 may be a 2- or 3-letter code; without it the zone comes from an explicit AT707 time code, or is guessed.
  const location = { country: countryCode(country) ?? null, region, city };
  const resolved = resolveCarrierTime({
    date,
    time: time || "0000",
    offset: timeCode ? AT7_TIME_CODE_OFFSETS[timeCode.toUpperCase()] : undefined,
    location,
  });
  if (!resolved)
    return { error: `AT7 ${statusCode}: time "${date} ${time ?? ""}" is not a valid date and time` };
  const description = AT7_STATUS_CODES[statusCode]?.[2] ?? `Status ${statusCode}`;
  return {
    occurredAt: resolved.occurredAt,
    localTime: resolved.localTime,
    utcOffset: resolved.utcOffset,
    zoneGuessed: resolved.zoneGuessed,
    code: reasonCode && reasonCode !== "NS" ? `${statusCode}/${reasonCode}` : statusCode,
    description,
    location: scan.ms1 ? { city, region, postalCode: null, country: location.country, text: null } : null,
    status: mapped?.status ?? null,
    substatus: mapped?.substatus ?? null,
    unmapped: mapped === null,
  };
}
