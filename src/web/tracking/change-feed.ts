/**
 * Listens to the `shipwatch_tracking` channel that migration 0003's triggers notify on every change to what a
 * tracking page shows, on PGlite (in-process) or on a PostgreSQL server (one dedicated connection). When the
 * PostgreSQL connection drops, notifications may have been missed: `onReset` fires and the feed reconnects.
 */
import pg from "pg";
import type { Database } from "../../db/client.js";

export const TRACKING_CHANNEL = "shipwatch_tracking";

/** One notification: the kind of row that changed and the cache tags it affects. */
export function tagsOfChange(payload: string): string[] {
  // Statement triggers (0014) send many shipments at once: "shipments:<id>:<old>:<new>,<id>:<old>:<new>".
  if (payload.startsWith("shipments:"))
    return [
      ...new Set(
        payload
          .slice("shipments:".length)
          .split(",")
          .flatMap((entry) => tagsOfChange(`shipment:${entry}`)),
      ),
    ];
  const [kind, id, ...orders] = payload.split(":");
  if (!id) return [];
  if (kind === "shipment") {
    return [`shipment:${id}`, ...orders.filter(Boolean).map((o) => `order:${o}`)];
  }
  if (kind === "order" || kind === "seller") return [`${kind}:${id}`];
  return [];
}

export interface ChangeFeedHandlers {
  onTags(tags: string[]): void;
  /** Notifications may have been lost (connection dropped): drop everything cached. */
  onReset(): void;
  /** The feed is (again) delivering notifications. */
  onReady(): void;
}

/** Starts listening; returns a function that stops it. */
export async function startChangeFeed(
  db: Database,
  handlers: ChangeFeedHandlers,
): Promise<() => Promise<void>> {
  const onPayload = (payload: string) => {
    const tags = tagsOfChange(payload);
    if (tags.length) handlers.onTags(tags);
  };
  if (db.pglite) {
    const unlisten = await db.pglite.listen(TRACKING_CHANNEL, onPayload);
    handlers.onReady();
    return async () => {
      if (!db.pglite!.closed) await unlisten();
    };
  }
  if (!db.pool) throw new Error("a database without PGlite or a pool cannot notify");
  const { connectionString, options } = db.pool.options;
  let client: pg.Client | undefined;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let delayMs = 250;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString, ...(options ? { options } : {}) });
    const lost = () => {
      if (client !== next) return;
      client = undefined;
      handlers.onReset();
      next.removeAllListeners();
      next.end().catch(() => undefined);
      if (!stopped) retryTimer = setTimeout(() => void connect().catch(() => undefined), delayMs);
      delayMs = Math.min(delayMs * 2, 30_000);
    };
    next.on("error", lost);
    next.on("end", lost);
    next.on("notification", (message) => {
      if (message.channel === TRACKING_CHANNEL && message.payload) onPayload(message.payload);
    });
    client = next;
    try {
      await next.connect();
      await next.query(`LISTEN ${TRACKING_CHANNEL}`);
    } catch (error) {
      lost();
      throw error;
    }
    delayMs = 250;
    handlers.onReady();
  };

  // A first failure is handled like a later drop: pages are served uncached while the feed retries.
  await connect().catch(() => undefined);
  return async () => {
    stopped = true;
    clearTimeout(retryTimer);
    const current = client;
    client = undefined;
    current?.removeAllListeners();
    await current?.end().catch(() => undefined);
  };
}
