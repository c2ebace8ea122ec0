/**
 * Rendered tracking pages, kept gzip-compressed in memory under a byte budget (least recently used first out).
 * Entries carry tags (seller, order, shipment ids); a change notification for a tag drops every entry that
 * shows it. A render that started before an invalidation of one of its tags is not stored, so a page read
 * just before a change cannot be cached after the change's notification has passed.
 */

export interface CachedPage {
  /** gzip-compressed body. */
  gzip: Buffer;
  /** Uncompressed size, for page-weight reporting and Content-Length of identity responses. */
  size: number;
  etag: string;
  contentType: string;
  headers: Readonly<Record<string, string>>;
}

interface Entry {
  page: CachedPage;
  tags: readonly string[];
  expiresAt: number;
  /** When the entry last moved to the recent end of the LRU order. */
  touchedAt: number;
}

/** Recency is kept to this granularity: a page read again within it is not moved (a hit costs one lookup). */
const TOUCH_GRANULARITY_MS = 1_000;

export interface PageCacheOptions {
  maxBytes?: number;
  /** Bound on staleness for what is derived from the clock ("late", "no scan for 5 days"). */
  ttlMs?: number;
  now?: () => number;
}

/** An LRU of rendered pages with tag invalidation. */
export class PageCache {
  private readonly entries = new Map<string, Entry>();
  private readonly byTag = new Map<string, Set<string>>();
  private readonly invalidatedAt = new Map<string, number>();
  private seq = 0;
  /** Fills that started before this sequence are refused (after a full reset). */
  private floor = 0;
  private bytes = 0;
  private readonly maxBytes: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  /** False while change notifications cannot be trusted (listener down): nothing is served from memory. */
  enabled = true;

  constructor(options: PageCacheOptions = {}) {
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.ttlMs = options.ttlMs ?? 10 * 60_000;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  get byteSize(): number {
    return this.bytes;
  }

  get(key: string): CachedPage | undefined {
    if (!this.enabled) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const now = this.now();
    if (entry.expiresAt <= now) {
      this.remove(key);
      return undefined;
    }
    // Re-insert to mark it most recently used (Map keeps insertion order).
    if (now - entry.touchedAt >= TOUCH_GRANULARITY_MS) {
      entry.touchedAt = now;
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry.page;
  }

  /** Call before reading what a page shows; pass the result to `set`. */
  beginFill(): number {
    return this.seq;
  }

  /** Stores a page unless one of its tags changed since `fillSeq`; returns whether it was stored. */
  set(key: string, page: CachedPage, tags: readonly string[], fillSeq: number): boolean {
    if (!this.enabled || fillSeq < this.floor) return false;
    if (tags.some((tag) => (this.invalidatedAt.get(tag) ?? -1) >= fillSeq)) return false;
    this.remove(key);
    const now = this.now();
    this.entries.set(key, { page, tags, expiresAt: now + this.ttlMs, touchedAt: now });
    this.bytes += page.gzip.length;
    for (const tag of tags) {
      let keys = this.byTag.get(tag);
      if (!keys) this.byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    while (this.bytes > this.maxBytes && this.entries.size > 0) {
      this.remove(this.entries.keys().next().value!);
    }
    return true;
  }

  /** Drops every entry tagged `tag`, and refuses in-flight fills that read it. */
  invalidate(tag: string): void {
    this.invalidatedAt.set(tag, this.seq++);
    // The record of invalidations only matters for fills in flight; keep it bounded.
    if (this.invalidatedAt.size > 100_000) {
      this.invalidatedAt.clear();
      this.floor = this.seq;
    }
    const keys = this.byTag.get(tag);
    if (!keys) return;
    for (const key of [...keys]) this.remove(key);
  }

  /** Drops everything (change notifications were lost, or the seller list changed wholesale). */
  clear(): void {
    this.entries.clear();
    this.byTag.clear();
    this.invalidatedAt.clear();
    this.bytes = 0;
    this.floor = ++this.seq;
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.page.gzip.length;
    for (const tag of entry.tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.byTag.delete(tag);
    }
  }
}
