import { describe, expect, it } from "vitest";
import {
  KeyTable,
  ShrunkTree,
  TreeBuilder,
  cdfAt,
  chainKeys,
  conditionFrom,
  crps,
  mixDistributions,
  quantileDay,
  withCdf,
} from "./distribution.js";

function tree(rows: [string[], number, number?][], levels = ["all", "a", "b"]) {
  const table = new KeyTable();
  const builder = new TreeBuilder(levels, table);
  for (const [parts, days, weight] of rows) builder.add(table.intern(chainKeys(parts)), days, weight ?? 1);
  return builder.build();
}

const mean = (p: Float64Array) => p.reduce((s, v, i) => s + v * i, 0);

describe("hierarchical histograms", () => {
  it("builds cumulative keys for every level", () => {
    expect(chainKeys(["ups", "ground", "BR/SP"])).toEqual(["", "|ups", "|ups|ground", "|ups|ground|BR/SP"]);
    expect(chainKeys(["a|b"])).toEqual(["", "|a/b"]);
    expect(chainKeys(["", ""])).toEqual(["", "|", "||"]);
  });

  it("lets a data-rich lane speak for itself and a thin one lean on its parent", () => {
    const rows: [string[], number][] = [];
    for (let i = 0; i < 400; i++) rows.push([["x", "rich"], 2]);
    for (let i = 0; i < 400; i++) rows.push([["x", "other"], 10]);
    rows.push([["x", "thin"], 2]);
    const shrunk = new ShrunkTree(tree(rows), 10);
    const rich = shrunk.lookup(chainKeys(["x", "rich"]))!;
    const thin = shrunk.lookup(chainKeys(["x", "thin"]))!;
    expect(rich.p[2]).toBeGreaterThan(0.95);
    expect(thin.p[2]).toBeLessThan(0.6);
    expect(mean(thin.p)).toBeGreaterThan(4.5);
    expect(thin.n).toBe(1);
  });

  it("falls back to the deepest known level for unknown keys, and to null on an empty tree", () => {
    const shrunk = new ShrunkTree(tree([[["x", "y"], 3]]), 10);
    const found = shrunk.lookup(chainKeys(["x", "never-seen"]))!;
    expect(found.level).toBe(1);
    expect(found.key).toBe("|x");
    expect(shrunk.lookup(chainKeys(["zzz", "y"]))?.level).toBe(0);
    expect(new ShrunkTree(tree([]), 10).lookup(chainKeys(["x"]))).toBeNull();
  });

  it("weights rows (recency) in the histogram", () => {
    const shrunk = new ShrunkTree(
      tree(
        [
          [["x"], 1, 3],
          [["x"], 5, 1],
        ],
        ["all", "a"],
      ),
      0,
    );
    const p = shrunk.lookup(chainKeys(["x"]))!.p;
    expect(p[1]).toBeCloseTo(0.75);
    expect(p[5]).toBeCloseTo(0.25);
  });
});

describe("date distributions", () => {
  const dist = withCdf(100, Float64Array.from([0.1, 0.4, 0, 0.3, 0.2]));

  it("reads quantiles as the first day reaching the level", () => {
    expect(quantileDay(dist, 0.05)).toBe(100);
    expect(quantileDay(dist, 0.1)).toBe(100);
    expect(quantileDay(dist, 0.5)).toBe(101);
    expect(quantileDay(dist, 0.51)).toBe(103);
    expect(quantileDay(dist, 1)).toBe(104);
    expect(cdfAt(dist, 99)).toBe(0);
    expect(cdfAt(dist, 102)).toBeCloseTo(0.5);
    expect(cdfAt(dist, 200)).toBe(1);
  });

  it("conditions on 'not delivered before' a day", () => {
    const later = conditionFrom(dist, 102)!;
    expect(later.start).toBe(102);
    expect(cdfAt(later, 103)).toBeCloseTo(0.6);
    expect(conditionFrom(dist, 90)).toBe(dist);
    expect(conditionFrom(dist, 105)).toBeNull();
  });

  it("scores with CRPS, which is the absolute error for a certain forecast", () => {
    const certain = withCdf(10, Float64Array.from([1]));
    expect(crps(certain, 13)).toBe(3);
    expect(crps(certain, 7)).toBe(3);
    expect(crps(dist, 101)).toBeLessThan(crps(dist, 110));
  });

  it("mixes distributions with different starts", () => {
    const a = withCdf(5, Float64Array.from([1]));
    const b = withCdf(7, Float64Array.from([0.5, 0.5]));
    const m = mixDistributions(a, b, 0.5);
    expect(m.start).toBe(5);
    expect(Array.from(m.p)).toEqual([0.5, 0, 0.25, 0.25]);
  });
});
