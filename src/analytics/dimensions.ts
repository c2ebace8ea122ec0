/**
 * The analytics dimensions and how each is derived from a shipment row `sh` (SQL expressions; constants, never
 * user input). A lane is origin country-region → destination country-region; a warehouse is the shipment's
 * `metadata.warehouse` when the seller sets it, else its origin city or postcode.
 */
export const DIMENSIONS = ["all", "carrier", "service", "lane", "warehouse"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const DIMENSION_SQL: Readonly<Record<Dimension, string>> = {
  all: "'all'",
  carrier: "sh.carrier",
  service: "sh.carrier || ' · ' || coalesce(nullif(sh.service, ''), 'unspecified')",
  lane: `coalesce(sh.origin_country, '?') || coalesce('-' || sh.origin_region, '') || ' → ' ||
    coalesce(sh.destination_country, '?') || coalesce('-' || sh.destination_region, '')`,
  warehouse:
    "coalesce(nullif(sh.metadata->>'warehouse', ''), nullif(sh.origin_city, ''), sh.origin_postal, 'unknown')",
};

export const DIMENSION_LABELS: Readonly<Record<Dimension, string>> = {
  all: "All shipments",
  carrier: "Carrier",
  service: "Service",
  lane: "Lane",
  warehouse: "Warehouse",
};

export function isDimension(value: unknown): value is Dimension {
  return typeof value === "string" && (DIMENSIONS as readonly string[]).includes(value);
}
