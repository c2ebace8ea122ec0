/** Carrier code → normalized status, through the adapter's status map (kept as data in status-map.ts). */
import type { Status } from "../../core/status.js";
import { unmappedCarrierCodes } from "../../core/metrics.js";
import type { StatusMap, StatusMapEntry } from "../types.js";

export type MappedStatus =
  | { status: Status; substatus: string | null; unmapped?: false; entry: StatusMapEntry; key: string }
  | { status: null; substatus: null; unmapped: true };

/**
 * Looks `code` up in `statusMap`, then each fallback key in order (e.g. a coarser status type), and returns the
 * first entry found. When none is found the result is `{ status: null, unmapped: true }` and the
 * `unmappedCarrierCodes` counter is incremented with `{ carrier: adapterId, code }` (the primary code, or
 * the first non-empty fallback), so operators can see the gaps in a status map.
 */
export function mapCarrierCode(
  adapterId: string,
  statusMap: StatusMap,
  code: string | null | undefined,
  ...fallbacks: (string | null | undefined)[]
): MappedStatus {
  for (const key of [code, ...fallbacks]) {
    if (!key) continue;
    const entry = Object.prototype.hasOwnProperty.call(statusMap, key) ? statusMap[key] : undefined;
    if (entry) return { status: entry.status, substatus: entry.substatus, entry, key };
  }
  const reported = code || fallbacks.find((f) => !!f) || "(none)";
  unmappedCarrierCodes.inc({ carrier: adapterId, code: reported.slice(0, 64) });
  return { status: null, substatus: null, unmapped: true };
}

/** Builds a StatusMap from compact rows `[code, status, substatus, description]` (easier to read in status-map.ts). */
export function statusMapFromRows(
  rows: readonly (readonly [string, Status, string | null, string])[],
): StatusMap {
  const map: Record<string, StatusMapEntry> = {};
  for (const [code, status, substatus, description] of rows) {
    if (Object.prototype.hasOwnProperty.call(map, code))
      throw new Error(`duplicate carrier code in status map: ${code}`);
    map[code] = { status, substatus, description };
  }
  return Object.freeze(map);
}
