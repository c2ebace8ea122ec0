/**
 * Validators for the two carrier-neutral identifiers shipments carry: the GS1 SSCC (a logistics unit's
 * serial, printed on pallet and parcel labels) and the UPU S10 item id of international postal items.
 */
import { gs1CheckDigit, s10CheckDigit } from "./checksums.js";
import { normalizeTrackingNumber } from "./normalize.js";
import { UPU_S10_COUNTRY_CODES } from "./upu-countries.js";

const DIGITS_ONLY = /^[0-9]+$/;
const S10_SHAPE = /^[A-Z]{2}[0-9]{9}[A-Z]{2}$/;

/** True for an SSCC-18, bare or behind its GS1-128 application identifier "00"; checks the GS1 check digit. */
export function isValidSscc(input: string): boolean {
  const n = normalizeTrackingNumber(input);
  let start: number;
  if (n.length === 18) start = 0;
  else if (n.length === 20 && n.startsWith("00")) start = 2;
  else return false;
  if (!DIGITS_ONLY.test(n)) return false;
  return gs1CheckDigit(n, start, n.length - 1) === n.charCodeAt(n.length - 1) - 48;
}

/** True for a UPU S10 id: 2 letters, 8 digits, the S10 check digit, a postal operator's country code. */
export function isValidS10(input: string): boolean {
  const n = normalizeTrackingNumber(input);
  if (!S10_SHAPE.test(n)) return false;
  return s10CheckDigit(n, 2, 10) === n.charCodeAt(10) - 48 && UPU_S10_COUNTRY_CODES.has(n.slice(11));
}
