/**
 * LISTEN on a channel, on PGlite (in-process) or on a PostgreSQL server (one dedicated connection that
 * reconnects with backoff). NOTIFYs sent while the connection was down are lost: `onReady` fires after every
 * (re)connection so the listener can catch up on what it may have missed.
 */
import pg from "pg";
import type { Database } from "./client.js";

export interface ChannelHandlers {
  onPayload(payload: string): void;
  /** Listening (again): anything notified before may have been missed. */
  onReady(): void;
  /** The server connection dropped: notifications are lost until `onReady` fires again. */
  onLost?(): void;
}

/** Starts listening; returns a function that stops it. */
export async function listenToChannel(
  db: Database,
  channel: string,
  handlers: ChannelHandlers,
): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel name ${channel}`);
  if (db.pglite) {
    const unlisten = await db.pglite.listen(channel, handlers.onPayload);
    handlers.onReady();
    return async () => {
      if (!db.pglite!.closed) await unlisten();
    };
  }
  if (!db.pool) throw new Error("a database without PGlite or a pool cannot listen");
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
      handlers.onLost?.();
      next.removeAllListeners();
      next.on("error", () => undefined);
      next.end().catch(() => undefined);
      if (!stopped) retryTimer = setTimeout(() => void connect().catch(() => undefined), delayMs);
      delayMs = Math.min(delayMs * 2, 30_000);
    };
    next.on("error", lost);
    next.on("end", lost);
    next.on("notification", (message) => {
      if (message.channel === channel) handlers.onPayload(message.payload ?? "");
    });
    client = next;
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
    } catch (error) {
      lost();
      throw error;
    }
    delayMs = 250;
    handlers.onReady();
  };

  await connect().catch(() => undefined);
  return async () => {
    stopped = true;
    clearTimeout(retryTimer);
    const current = client;
    client = undefined;
    current?.removeAllListeners();
    current?.on("error", () => undefined);
    await current?.end().catch(() => undefined);
  };
}
