/**
 * Listens to the `shipwatch_tracking` channel that migration 0003's triggers notify on every change to what a
 * tracking page shows, on PGlite (in-process) or on a PostgreSQL server (one dedicated connection). When the
 * PostgreSQL connection drops, notifications may have been missed: `onReset` fires and the feed reconnects.
 */
import type { Database } from "../../db/client.js";
import { listenToChannel } from "../../db/listen.js";

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
export function startChangeFeed(db: Database, handlers: ChangeFeedHandlers): Promise<() => Promise<void>> {
  // A first failure is handled like a later drop: pages are served uncached while the feed retries.
  return listenToChannel(db, TRACKING_CHANNEL, {
    onPayload(payload) {
      const tags = tagsOfChange(payload);
      if (tags.length) handlers.onTags(tags);
    },
    onReady: () => handlers.onReady(),
    onLost: () => handlers.onReset(),
  });
}
