/**
 * What an order contains, for choosing what to send back. Orders carry their line items in
 * `metadata.lineItems` ([{ sku, name, quantity }]) when the platform integration or the API gave them; without
 * them a return names its items in free text.
 */
import type { ReturnItem } from "./repository.js";

export interface OrderLine {
  /** The key a return item matches on: the SKU, else the name. */
  key: string;
  sku: string | null;
  name: string;
  quantity: number;
}

/** The order's line items, from its metadata (malformed entries are skipped). */
export function orderLines(metadata: Record<string, unknown> | null | undefined): OrderLine[] {
  const list = metadata?.lineItems;
  if (!Array.isArray(list)) return [];
  const lines: OrderLine[] = [];
  for (const entry of list.slice(0, 200)) {
    if (!entry || typeof entry !== "object") continue;
    const e = entry as Record<string, unknown>;
    const name =
      typeof e.name === "string"
        ? e.name.trim().slice(0, 200)
        : typeof e.title === "string"
          ? e.title.trim().slice(0, 200)
          : "";
    const sku = typeof e.sku === "string" && e.sku.trim() ? e.sku.trim().slice(0, 100) : null;
    const quantity = Number(e.quantity ?? 1);
    if (!name || !Number.isInteger(quantity) || quantity < 1) continue;
    lines.push({ key: sku ?? name, sku, name, quantity });
  }
  return lines;
}

export type ItemCheck = { ok: true; items: ReturnItem[] } | { ok: false; problem: string };

/**
 * Checks requested items against the order's lines and what earlier returns already asked for: each must be a
 * line of the order, for no more than is left of it. Without line items, any named item is accepted.
 */
export function checkReturnItems(
  requested: readonly { sku?: string | null; name?: string | null; quantity: number }[],
  lines: readonly OrderLine[],
  alreadyReturned: ReadonlyMap<string, number>,
): ItemCheck {
  if (requested.length === 0) return { ok: false, problem: "choose at least one item to return" };
  if (lines.length === 0) {
    const items = requested.map((r) => ({
      sku: r.sku?.trim() || null,
      name: (r.name ?? r.sku ?? "").trim(),
      quantity: r.quantity,
    }));
    if (items.some((i) => !i.name)) return { ok: false, problem: "every item needs a name" };
    return { ok: true, items };
  }
  const items: ReturnItem[] = [];
  const asked = new Map<string, number>();
  for (const r of requested) {
    const line = lines.find((l) => (r.sku ? l.sku === r.sku.trim() : l.name === (r.name ?? "").trim()));
    if (!line) return { ok: false, problem: `${r.sku ?? r.name ?? "an item"} is not part of this order` };
    const total = (asked.get(line.key) ?? 0) + r.quantity;
    const left = line.quantity - (alreadyReturned.get(line.key) ?? 0);
    if (total > left)
      return { ok: false, problem: `at most ${Math.max(0, left)} of ${line.name} can be returned` };
    asked.set(line.key, total);
    items.push({ sku: line.sku, name: line.name, quantity: r.quantity });
  }
  return { ok: true, items };
}
