/**
 * Parser robustness: for every registered adapter, 1,000 seeded mutations of its own fixtures (truncation,
 * wrong types, missing and null fields, huge strings, deep nesting, broken XML, byte noise). parse must return a
 * ParseOutput every time (errors allowed), never throw, and finish in bounded time. Seeds are fixed, so a failure
 * is reproducible: the message names the adapter, the iteration and the mutation.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { listCarriers } from "../../src/carriers/registry.js";

const CARRIERS_SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../src/carriers");
const ITERATIONS = 1000;

/** mulberry32: tiny deterministic PRNG. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, items: readonly T[]): T => items[Math.floor(r() * items.length)] as T;

const WEIRD_VALUES: readonly unknown[] = [
  null,
  0,
  -1,
  1e308,
  "",
  " ",
  "x".repeat(100_000),
  true,
  [],
  {},
  [[[]]],
  { "#text": 5 },
  "2024-13-45T99:99:99",
  "\u0000\uFFFF",
  "<SUP>&#99999999;</SUP>",
];

function deepNest(depth: number, asArray: boolean): unknown {
  let v: unknown = "leaf";
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
  return v;
}

/** Every (container, key) pair in a JSON value, to pick one to mutate. */
function slots(
  value: unknown,
  out: [Record<string, unknown> | unknown[], string | number][] = [],
): typeof out {
  if (Array.isArray(value)) value.forEach((v, i) => (out.push([value, i]), slots(v, out)));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.push([value as Record<string, unknown>, k]);
      slots(v, out);
    }
  }
  return out;
}

function mutateJson(text: string, r: Rand): [string, string] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return [text, "unparseable seed"];
  }
  const all = slots(doc);
  const rounds = 1 + Math.floor(r() * 4);
  const names: string[] = [];
  for (let i = 0; i < rounds && all.length; i++) {
    const [container, key] = pick(r, all);
    const kind = pick(r, ["delete", "null", "weird", "nest", "swap-array"] as const);
    names.push(kind);
    if (kind === "delete") {
      if (Array.isArray(container)) container.splice(Number(key), 1);
      else delete container[key as string];
    } else if (kind === "null") (container as Record<string | number, unknown>)[key] = null;
    else if (kind === "weird") (container as Record<string | number, unknown>)[key] = pick(r, WEIRD_VALUES);
    else if (kind === "nest")
      (container as Record<string | number, unknown>)[key] = deepNest(
        500 + Math.floor(r() * 1500),
        r() < 0.5,
      );
    else {
      const v = (container as Record<string | number, unknown>)[key];
      (container as Record<string | number, unknown>)[key] = Array.isArray(v) ? (v[0] ?? null) : [v, v];
    }
  }
  return [JSON.stringify(doc), `json:${names.join("+")}`];
}

function mutateText(text: string, r: Rand): [string, string] {
  const kind = pick(r, [
    "truncate",
    "bytes",
    "xml-tags",
    "doctype",
    "deep-xml",
    "huge-text",
    "empty",
    "json-prefix",
  ] as const);
  const at = Math.floor(r() * text.length);
  switch (kind) {
    case "truncate":
      return [text.slice(0, at), kind];
    case "bytes": {
      const chars = [...text];
      for (let i = 0; i < 1 + r() * 20; i++)
        chars[Math.floor(r() * chars.length)] = String.fromCharCode(Math.floor(r() * 0xffff));
      return [chars.join(""), kind];
    }
    case "xml-tags":
      return [
        text.slice(0, at) +
          pick(r, ["<", "</", "<a>", "</TrackReply>", "&", "&#x110000;", "<![CDATA[", "\"'>"]) +
          text.slice(at),
        kind,
      ];
    case "doctype":
      return [
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>' +
          text.replace(/^<\?xml[^>]*>/, ""),
        kind,
      ];
    case "deep-xml":
      return [text.slice(0, at) + "<a>".repeat(5000) + "</a>".repeat(5000) + text.slice(at), kind];
    case "huge-text":
      return [text.slice(0, at) + "9".repeat(200_000) + text.slice(at), kind];
    case "empty":
      return [pick(r, ["", " ", "null", "[]", "{}", "0", '"x"', "<a/>"]), kind];
    case "json-prefix":
      return ["{" + text, kind];
  }
}

function seedsFor(adapterId: string): string[] {
  const dir = path.join(CARRIERS_SRC, adapterId, "fixtures");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => !f.endsWith(".expected.json"))
    .map((f) => readFileSync(path.join(dir, f), "utf8"));
}

describe("carrier parsers never throw on mutated payloads", () => {
  for (const adapter of listCarriers()) {
    it(`${adapter.id}: ${ITERATIONS} seeded mutations`, { timeout: 60_000 }, () => {
      const seeds = seedsFor(adapter.id);
      expect(seeds.length, `${adapter.id} has fixtures to mutate`).toBeGreaterThan(0);
      const r = rng([...adapter.id].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261));
      const started = performance.now();
      const guarded: string[] = [];
      for (let i = 0; i < ITERATIONS; i++) {
        const seed = pick(r, seeds);
        const [payload, mutation] =
          r() < 0.5 && seed.trimStart().startsWith("{") ? mutateJson(seed, r) : mutateText(seed, r);
        let out;
        try {
          out = adapter.parse(r() < 0.5 ? payload : Buffer.from(payload));
        } catch (err) {
          throw new Error(`${adapter.id} iteration ${i} (${mutation}) threw: ${String(err)}`);
        }
        expect(
          Array.isArray(out.results) && Array.isArray(out.errors),
          `${adapter.id} #${i} ${mutation}`,
        ).toBe(true);
        JSON.stringify(out); // serializable, no cycles
        // The guard turns a parser exception into "could not be parsed (...)": count those, they are parser bugs.
        if (out.errors.some((e) => e.message.includes("payload could not be parsed")))
          guarded.push(`#${i} ${mutation}: ${out.errors[0]?.message}`);
      }
      expect(guarded, "parser exceptions caught by guardParse").toEqual([]);
      // Generous bound: catches pathological (super-linear) behaviour, not tight timings.
      expect(performance.now() - started).toBeLessThan(45_000);
    });
  }
});
