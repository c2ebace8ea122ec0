/** Tracking numbers are compared case- and space-insensitively: "1z 999 aa1" and "1Z999AA1" are one parcel. */
export function normalizeTrackingNumber(value: string): string {
  return value.replace(/[\s-]+/g, "").toUpperCase();
}
