/**
 * A small in-process Prometheus registry: counters and histograms with labels, rendered by GET /metrics.
 * In-memory on purpose: each process exposes its own figures and Prometheus sums them.
 */

type Labels = Readonly<Record<string, string>>;

function labelKey(labels: Labels): string {
  const keys = Object.keys(labels).sort();
  return keys
    .map(
      (k) => `${k}="${String(labels[k]).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`,
    )
    .join(",");
}

export class Counter {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Labels = {}, by = 1): void {
    const key = labelKey(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }
  get(labels: Labels = {}): number {
    return this.values.get(labelKey(labels)) ?? 0;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [key, value] of this.values) lines.push(`${this.name}${key ? `{${key}}` : ""} ${value}`);
    return lines.join("\n");
  }
}

export class Histogram {
  private readonly series = new Map<string, { buckets: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly bounds: readonly number[],
  ) {}
  observe(value: number, labels: Labels = {}): void {
    const key = labelKey(labels);
    let s = this.series.get(key);
    if (!s) {
      s = { buckets: this.bounds.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    this.bounds.forEach((b, i) => {
      if (value <= b) s.buckets[i] = (s.buckets[i] ?? 0) + 1;
    });
    s.sum += value;
    s.count += 1;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [key, s] of this.series) {
      const prefix = key ? `${key},` : "";
      this.bounds.forEach((b, i) =>
        lines.push(`${this.name}_bucket{${prefix}le="${b}"} ${s.buckets[i] ?? 0}`),
      );
      lines.push(`${this.name}_bucket{${prefix}le="+Inf"} ${s.count}`);
      lines.push(`${this.name}_sum${key ? `{${key}}` : ""} ${s.sum}`);
      lines.push(`${this.name}_count${key ? `{${key}}` : ""} ${s.count}`);
    }
    return lines.join("\n");
  }
}

const registry = new Map<string, Counter | Histogram>();

/** Returns the process-wide counter of that name, creating it on first use. */
export function counter(name: string, help: string): Counter {
  const existing = registry.get(name);
  if (existing instanceof Counter) return existing;
  const c = new Counter(name, help);
  registry.set(name, c);
  return c;
}

export function histogram(name: string, help: string, bounds: readonly number[]): Histogram {
  const existing = registry.get(name);
  if (existing instanceof Histogram) return existing;
  const h = new Histogram(name, help, bounds);
  registry.set(name, h);
  return h;
}

/** The Prometheus text exposition of every metric in this process. */
export function renderMetrics(): string {
  return [...registry.values()].map((m) => m.render()).join("\n\n") + "\n";
}

/** Carrier codes an adapter could not map: operators watch this to find gaps in status maps. */
export const unmappedCarrierCodes = counter(
  "shipwatch_unmapped_carrier_codes_total",
  "Carrier event codes not found in the adapter's status map, by carrier and code.",
);
