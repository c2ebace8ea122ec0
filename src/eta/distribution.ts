/**
 * Discrete duration distributions: weighted histograms in a hierarchy (lane → region pair → carrier → all),
 * shrunk toward their parent when data is thin, and distributions over delivery dates with quantiles and
 * scores. Durations are whole days (working or calendar days, depending on the tree's day count).
 */

/** A serialized histogram node: duration d[i] seen with total recency weight p[i]. */
export interface HistNode {
  /** Rows behind the node. */
  n: number;
  /** Sum of recency weights. */
  w: number;
  d: number[];
  p: number[];
}

/** A hierarchy of histograms; node keys come from chainKeys (the root is ""). */
export interface HistTree {
  levels: string[];
  nodes: Record<string, HistNode>;
}

/**
 * Key of every level of a chain, root first: ["", "|a", "|a|b", …]. Each level adds one "|" (parts have theirs
 * replaced), so an empty part ("no carrier") never collides with its parent's key.
 */
export function chainKeys(parts: readonly string[]): string[] {
  const keys = [""];
  let key = "";
  for (const part of parts) {
    key = `${key}|${part.replaceAll("|", "/")}`;
    keys.push(key);
  }
  return keys;
}

/** Interns node keys as small integers so that fitting many trees does no string hashing. */
export class KeyTable {
  private readonly ids = new Map<string, number>();
  readonly keys: string[] = [];

  id(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.keys.length;
      this.ids.set(key, id);
      this.keys.push(key);
    }
    return id;
  }

  intern(keys: readonly string[]): Int32Array {
    return Int32Array.from(keys, (k) => this.id(k));
  }
}

/** Accumulates weighted durations into every level of each row's chain (keys interned in a KeyTable). */
export class TreeBuilder {
  private readonly n: number[] = [];
  private readonly w: number[] = [];
  private readonly bins: (Float64Array | undefined)[] = [];

  constructor(
    private readonly levels: string[],
    private readonly table: KeyTable,
  ) {}

  add(ids: Int32Array, duration: number, weight: number): void {
    for (const id of ids) {
      this.n[id] = (this.n[id] ?? 0) + 1;
      this.w[id] = (this.w[id] ?? 0) + weight;
      let bins = this.bins[id];
      if (!bins || bins.length <= duration) {
        const grown = new Float64Array(Math.max(duration + 1, (bins?.length ?? 4) * 2));
        if (bins) grown.set(bins);
        this.bins[id] = bins = grown;
      }
      bins[duration] = (bins[duration] ?? 0) + weight;
    }
  }

  build(): HistTree {
    const nodes: Record<string, HistNode> = {};
    this.bins.forEach((bins, id) => {
      if (!bins) return;
      const d: number[] = [];
      const p: number[] = [];
      for (let day = 0; day < bins.length; day++) {
        const weight = bins[day] ?? 0;
        if (weight > 0) {
          d.push(day);
          p.push(Number(weight.toPrecision(6)));
        }
      }
      nodes[this.table.keys[id] ?? ""] = {
        n: this.n[id] ?? 0,
        w: Number((this.w[id] ?? 0).toPrecision(8)),
        d,
        p,
      };
    });
    return { levels: this.levels, nodes };
  }
}

/** Tail mass below this is cut off (and the rest renormalized) to keep convolutions short. */
const TAIL_EPSILON = 1e-5;

function trimTail(p: Float64Array): Float64Array {
  let total = 0;
  for (const v of p) total += v;
  if (total <= 0) return p;
  let end = p.length;
  let tail = 0;
  while (end > 1 && tail + (p[end - 1] ?? 0) <= TAIL_EPSILON * total) tail += p[--end] ?? 0;
  const out = new Float64Array(end);
  const scale = 1 / (total - tail);
  for (let i = 0; i < end; i++) out[i] = (p[i] ?? 0) * scale;
  return out;
}

export interface ShrunkDistribution {
  /** p[k] = probability of a duration of k days. */
  p: Float64Array;
  /** Deepest level of the query's chain that had data, and its rows and weight. */
  level: number;
  key: string;
  n: number;
  w: number;
}

/** Weighted median day of a histogram node. */
function nodeMedian(node: HistNode): number {
  let running = 0;
  for (let i = 0; i < node.d.length; i++) {
    running += node.p[i] ?? 0;
    if (running >= node.w / 2) return node.d[i] ?? 0;
  }
  return node.d[node.d.length - 1] ?? 0;
}

/** Median index of a probability vector. */
export function medianOf(p: Float64Array): number {
  let running = 0;
  for (let i = 0; i < p.length; i++) {
    running += p[i] ?? 0;
    if (running >= 0.5) return i;
  }
  return p.length - 1;
}

/**
 * Stretches a distribution of whole days by `ratio` on the (days + 1) scale: day i, taken as the interval
 * [i − ½, i + ½], moves to [(i + ½)·ratio − 1, (i + 1½)·ratio − 1] and its mass is spread over the days that
 * interval overlaps. A lane twice as long as its parent gets the parent's shape, twice as wide.
 */
export function stretchDays(p: Float64Array, ratio: number): Float64Array {
  if (Math.abs(ratio - 1) < 1e-9) return p;
  const map = (x: number) => (x + 1) * ratio - 1;
  const out = new Float64Array(Math.max(1, Math.ceil(map(p.length - 0.5) + 0.5) + 1));
  for (let i = 0; i < p.length; i++) {
    const mass = p[i] ?? 0;
    if (mass === 0) continue;
    const a = Math.max(-0.5, map(i - 0.5));
    const b = Math.max(a + 1e-9, map(i + 0.5));
    const first = Math.max(0, Math.round(a));
    const last = Math.min(out.length - 1, Math.round(b));
    for (let j = first; j <= last; j++) {
      const overlap = Math.min(b, j + 0.5) - Math.max(a, j - 0.5);
      if (overlap > 0) out[j] = (out[j] ?? 0) + (mass * overlap) / (b - a);
    }
  }
  return out;
}

/**
 * Reads a tree with empirical-Bayes shrinkage: a node's distribution is its weighted histogram mixed with its
 * parent's distribution as `priorStrength` pseudo-observations, so a lane with 3 recent deliveries leans on
 * its region pair and a lane with 300 speaks for itself. Before mixing, the parent's distribution is stretched
 * to the node's own median (with `locationStrength` pseudo-observations of shrinkage on the log ratio): a
 * remote lane with five deliveries of about 20 days is not predicted like its 5-day parent. Memoized per key.
 */
export class ShrunkTree {
  private readonly nodes: Map<string, HistNode>;
  private readonly cache = new Map<string, Float64Array>();
  private readonly lookups = new Map<string, ShrunkDistribution | null>();

  constructor(
    readonly tree: HistTree,
    readonly priorStrength: number,
    readonly locationStrength: number = 3,
  ) {
    this.nodes = new Map(Object.entries(tree.nodes));
  }

  private distribution(keys: readonly string[], depth: number): Float64Array | null {
    const key = keys[depth] ?? "";
    const cached = this.cache.get(key);
    if (cached) return cached;
    const node = this.nodes.get(key);
    if (!node || node.w <= 0) return null;
    let parent = depth > 0 ? this.distribution(keys, depth - 1) : null;
    if (parent && this.locationStrength >= 0) {
      const logRatio = Math.log((nodeMedian(node) + 1) / (medianOf(parent) + 1));
      parent = stretchDays(parent, Math.exp((logRatio * node.w) / (node.w + this.locationStrength)));
    }
    let length = (node.d[node.d.length - 1] ?? 0) + 1;
    if (parent) length = Math.max(length, parent.length);
    const p = new Float64Array(length);
    const k = parent ? this.priorStrength : 0;
    const scale = 1 / (node.w + k);
    for (let i = 0; i < node.d.length; i++) p[node.d[i] ?? 0] = (node.p[i] ?? 0) * scale;
    if (parent) for (let i = 0; i < parent.length; i++) p[i] = (p[i] ?? 0) + k * scale * (parent[i] ?? 0);
    const trimmed = trimTail(p);
    this.cache.set(key, trimmed);
    return trimmed;
  }

  /** The distribution for the deepest key of `keys` present in the tree (keys from chainKeys), or null. */
  lookup(keys: readonly string[]): ShrunkDistribution | null {
    const leaf = keys[keys.length - 1] ?? "";
    const memo = this.lookups.get(leaf);
    if (memo !== undefined) return memo;
    let depth = 0;
    while (depth + 1 < keys.length && this.nodes.has(keys[depth + 1] ?? "")) depth++;
    const p = this.distribution(keys, depth);
    const key = keys[depth] ?? "";
    const node = this.nodes.get(key);
    const found = p ? { p, level: depth, key, n: node?.n ?? 0, w: node?.w ?? 0 } : null;
    this.lookups.set(leaf, found);
    return found;
  }
}

/** A distribution over delivery dates: p[i] = P(delivered on day `start + i`). */
export interface DateDistribution {
  start: number;
  p: Float64Array;
  cdf: Float64Array;
}

export function withCdf(start: number, p: Float64Array): DateDistribution {
  const cdf = new Float64Array(p.length);
  let running = 0;
  for (let i = 0; i < p.length; i++) {
    running += p[i] ?? 0;
    cdf[i] = running;
  }
  const total = running > 0 ? running : 1;
  for (let i = 0; i < p.length; i++) {
    p[i] = (p[i] ?? 0) / total;
    cdf[i] = (cdf[i] ?? 0) / total;
  }
  return { start, p, cdf };
}

/** The first day whose cumulative probability reaches `level`. */
export function quantileDay(dist: DateDistribution, level: number): number {
  const target = Math.min(level, 1) - 1e-12;
  let lo = 0;
  let hi = dist.cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((dist.cdf[mid] ?? 1) >= target) hi = mid;
    else lo = mid + 1;
  }
  return dist.start + lo;
}

/** P(delivered on or before `day`). */
export function cdfAt(dist: DateDistribution, day: number): number {
  const i = day - dist.start;
  if (i < 0) return 0;
  if (i >= dist.cdf.length) return 1;
  return dist.cdf[i] ?? 1;
}

/** The distribution given that delivery is not before `day` (null when no mass is left). */
export function conditionFrom(dist: DateDistribution, day: number): DateDistribution | null {
  const skip = day - dist.start;
  if (skip <= 0) return dist;
  if (skip >= dist.p.length) return null;
  const rest = 1 - (dist.cdf[skip - 1] ?? 0);
  if (rest < 1e-6) return null;
  return withCdf(day, dist.p.slice(skip));
}

/** Continuous ranked probability score in days (the MAE of a point forecast generalized to a distribution). */
export function crps(dist: DateDistribution, actualDay: number): number {
  const x = actualDay - dist.start;
  const end = Math.max(dist.cdf.length, x + 1);
  let score = 0;
  for (let i = Math.min(0, x); i < end; i++) {
    const f = i < 0 ? 0 : i >= dist.cdf.length ? 1 : (dist.cdf[i] ?? 1);
    const step = i >= x ? 1 : 0;
    score += (f - step) * (f - step);
  }
  return score;
}

/** Mixes two date distributions with weight `a` on the first. */
export function mixDistributions(
  first: DateDistribution,
  second: DateDistribution,
  a: number,
): DateDistribution {
  const start = Math.min(first.start, second.start);
  const end = Math.max(first.start + first.p.length, second.start + second.p.length);
  const p = new Float64Array(end - start);
  const firstOffset = first.start - start;
  const secondOffset = second.start - start;
  for (let i = 0; i < first.p.length; i++)
    p[firstOffset + i] = (p[firstOffset + i] ?? 0) + a * (first.p[i] ?? 0);
  for (let i = 0; i < second.p.length; i++) {
    p[secondOffset + i] = (p[secondOffset + i] ?? 0) + (1 - a) * (second.p[i] ?? 0);
  }
  return withCdf(start, p);
}
