/**
 * Page-view counting without a write per view: counts accumulate in memory and are added to the database
 * every few seconds (and when the app closes). A crash loses at most one interval of counts.
 */
import type { Database } from "../../db/client.js";
import { addPageViews, type PageKind } from "../../db/repositories/tracking-page-views.js";

export class PageViewCounter {
  private counts = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  // Every page view asks for the day; formatting a date per view was a visible share of a cached page's cost.
  private day = "";
  private dayEndsAt = 0;

  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  count(sellerId: string, page: PageKind): void {
    const key = `${sellerId}|${this.today()}|${page}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  private today(): string {
    const now = this.now().getTime();
    if (now >= this.dayEndsAt || now < this.dayEndsAt - 86_400_000) {
      this.day = new Date(now).toISOString().slice(0, 10);
      this.dayEndsAt = Math.floor(now / 86_400_000) * 86_400_000 + 86_400_000;
    }
    return this.day;
  }

  /**
   * Writes what has accumulated. A failed batch is dropped rather than retried: analytics may lose an interval,
   * but a batch that can never be written (a deleted seller) must not grow in memory forever.
   */
  async flush(): Promise<void> {
    if (this.counts.size === 0) return;
    const pending = this.counts;
    this.counts = new Map();
    const rows = [...pending].map(([key, views]) => {
      const [sellerId, day, page] = key.split("|") as [string, string, PageKind];
      return { sellerId, day, page, views };
    });
    await addPageViews(this.db, rows);
  }

  start(intervalMs: number, onError: (error: unknown) => void): void {
    this.timer = setInterval(() => void this.flush().catch(onError), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
