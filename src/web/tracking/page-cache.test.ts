import { describe, expect, it } from "vitest";
import { PageCache, type CachedPage } from "./page-cache.js";

const page = (bytes: number, etag = "x"): CachedPage => ({
  gzip: Buffer.alloc(bytes),
  size: bytes,
  etag,
  contentType: "text/html",
  headers: {},
});

function cacheAt(options: { maxBytes?: number; ttlMs?: number } = {}) {
  const clock = { now: 1_000_000 };
  const cache = new PageCache({ ...options, now: () => clock.now });
  return { cache, clock };
}

describe("PageCache", () => {
  it("drops the least recently read page first when over its byte budget", () => {
    const { cache, clock } = cacheAt({ maxBytes: 300 });
    cache.set("a", page(100), [], cache.beginFill());
    cache.set("b", page(100), [], cache.beginFill());
    cache.set("c", page(100), [], cache.beginFill());
    clock.now += 5_000;
    expect(cache.get("a")).toBeDefined(); // a is now the most recent
    cache.set("d", page(100), [], cache.beginFill());
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBeDefined();
    expect(cache.get("c")).toBeDefined();
    expect(cache.get("d")).toBeDefined();
    expect(cache.byteSize).toBe(300);
  });

  it("keeps recency to a second: reads within it do not reorder", () => {
    const { cache, clock } = cacheAt({ maxBytes: 200 });
    cache.set("a", page(100), [], cache.beginFill());
    cache.set("b", page(100), [], cache.beginFill());
    clock.now += 10; // a read right after its fill does not count as more recent than b
    cache.get("a");
    cache.set("c", page(100), [], cache.beginFill());
    expect(cache.get("a")).toBeUndefined();
    expect(cache.get("b")).toBeDefined();
  });

  it("drops every page of a tag, and refuses a fill that began before the tag changed", () => {
    const { cache } = cacheAt();
    cache.set("order-page", page(10), ["order:1", "shipment:1"], cache.beginFill());
    cache.set("other", page(10), ["order:2"], cache.beginFill());
    const fill = cache.beginFill();
    cache.invalidate("shipment:1");
    expect(cache.get("order-page")).toBeUndefined();
    expect(cache.get("other")).toBeDefined();
    expect(cache.set("order-page", page(10), ["order:1", "shipment:1"], fill)).toBe(false);
    expect(cache.set("order-page", page(10), ["order:1", "shipment:1"], cache.beginFill())).toBe(true);
  });

  it("expires pages after their time to live and serves nothing while disabled", () => {
    const { cache, clock } = cacheAt({ ttlMs: 60_000 });
    cache.set("a", page(10), [], cache.beginFill());
    clock.now += 59_000;
    expect(cache.get("a")).toBeDefined();
    clock.now += 1_000;
    expect(cache.get("a")).toBeUndefined();
    cache.set("b", page(10), [], cache.beginFill());
    cache.enabled = false;
    expect(cache.get("b")).toBeUndefined();
  });
});
