/**
 * The drop folders a worker process watches (`SHIPWATCH_DROP_DIR`): each sub-folder named by a seller's slug is
 * that seller's drop folder (`<root>/<slug>/`, with `processed/` and `failed/` made inside it), watched by
 * drop-folder.ts. One worker process at a time watches a root — it holds a lease in the database, renewed while it
 * scans and imports — so several workers sharing the folder never import a file twice or race to move it; when
 * that worker dies another takes over once the lease has expired. A file interrupted mid-import is imported again
 * from the start: its batches and events are deduplicated, so it adds nothing twice.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { Database } from "../../db/client.js";
import { holdLease, leaseHolderId, releaseLease } from "../../jobs/lease.js";
import { createDropFolderWatcher, type DropFolderWatcher, type DropOutcome } from "./drop-folder.js";

export interface DropFoldersOptions {
  root: string;
  /** How often the folders are scanned (default 10 s). */
  intervalMs?: number;
  /** A file must stay unchanged this long before it is taken (default 5 s). */
  stableMs?: number;
  /** Events per ingest batch (default 1,000). */
  batchSize?: number;
  /** The lease's length; renewed every scan and every batch (default 2 minutes). */
  leaseMs?: number;
  onFile?: (outcome: DropOutcome & { seller: string }) => void;
  onError?: (error: Error) => void;
}

export interface DropFolders {
  /** One scan of every seller's folder now (when this process holds the lease); what it imported. */
  scanOnce(): Promise<DropOutcome[]>;
  stop(): Promise<void>;
}

/** Starts watching `root`; the first scan runs at once. */
export function startDropFolders(db: Database, options: DropFoldersOptions): DropFolders {
  const holder = leaseHolderId();
  const leaseName = `drop-folder:${options.root}`;
  const leaseMs = options.leaseMs ?? 120_000;
  const watchers = new Map<string, DropFolderWatcher>();
  const onError = options.onError ?? ((e: Error) => process.stderr.write(`drop folder: ${e.message}\n`));
  let lastRenewal = 0;
  let stopped = false;
  let running: Promise<DropOutcome[]> | null = null;

  const renew = async () => {
    lastRenewal = Date.now();
    return holdLease(db, leaseName, holder, leaseMs);
  };

  async function watcherFor(slug: string, sellerId: string): Promise<DropFolderWatcher> {
    let watcher = watchers.get(slug);
    if (!watcher) {
      watcher = createDropFolderWatcher({
        db,
        sellerId,
        dir: join(options.root, slug),
        stableMs: options.stableMs,
        onFile: (outcome) => options.onFile?.({ ...outcome, seller: slug }),
        importOptions: {
          ...(options.batchSize ? { batchSize: options.batchSize } : {}),
          // A long file keeps the lease: renewed between batches, at most every few seconds.
          onProgress: () => {
            if (Date.now() - lastRenewal > Math.min(10_000, leaseMs / 4)) void renew().catch(onError);
          },
        },
      });
      watchers.set(slug, watcher);
    }
    return watcher;
  }

  async function scan(): Promise<DropOutcome[]> {
    if (!(await renew())) return [];
    const folders = (await readdir(options.root, { withFileTypes: true }).catch(() => []))
      .filter((e) => e.isDirectory() && !e.name.startsWith("."))
      .map((e) => e.name);
    if (folders.length === 0) return [];
    const sellers = await db.query<{ id: string; slug: string }>(
      "SELECT id, slug FROM sellers WHERE slug IN (SELECT value FROM jsonb_array_elements_text($1::jsonb))",
      [JSON.stringify(folders)],
    );
    const outcomes: DropOutcome[] = [];
    for (const seller of sellers) {
      if (stopped) break;
      outcomes.push(...(await (await watcherFor(seller.slug, seller.id)).scanOnce()));
    }
    return outcomes;
  }

  const scanOnce = () => {
    running ??= scan().finally(() => (running = null));
    return running;
  };
  const tick = () =>
    void scanOnce().catch((e: unknown) => onError(e instanceof Error ? e : new Error(String(e))));
  const timer = setInterval(tick, options.intervalMs ?? 10_000);
  timer.unref();
  tick();

  return {
    scanOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
      await releaseLease(db, leaseName, holder).catch(() => undefined);
    },
  };
}
