/**
 * A carrier id Shipwatch has no adapter for is accepted (a local courier is tracked by webhook, file or API),
 * but one that is a slip of a known id ("fedx", "dhlexpress", "royal_mail") would create a shipment nothing ever
 * polls, silently. This names the adapter such an id was probably meant to be.
 */
import { listCarriers } from "./registry.js";

/** Letters and digits only: "royal_mail" and "royalmail", "DHL-Express" and "dhl_express" compare equal. */
const squash = (id: string) => id.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Levenshtein distance, stopping early once it exceeds `limit`. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      best = Math.min(best, row[j]!);
    }
    if (best > limit) return limit + 1;
    previous = row;
  }
  return previous[b.length]!;
}

/**
 * The known carrier `id` is probably a slip of, or null: null for a known id itself and for an id not close to any
 * (one edit apart for short ids, two for ids of six letters or more, or the same letters written differently).
 */
export function likelyMeantCarrier(id: string): string | null {
  const known = listCarriers().map((c) => c.id);
  if (known.includes(id)) return null;
  const mine = squash(id);
  let best: { id: string; d: number } | null = null;
  for (const candidate of known) {
    const theirs = squash(candidate);
    const limit = Math.min(mine.length, theirs.length) >= 6 ? 2 : 1;
    const d = mine === theirs ? 0 : distance(mine, theirs, limit);
    if (d <= limit && (!best || d < best.d)) best = { id: candidate, d };
  }
  return best?.id ?? null;
}
