/**
 * A watched drop folder for scheduled SFTP-style deliveries of event files (CSV or EDI 214). A file is taken only
 * once it is complete: not hidden, not a partial-upload name (.part, .filepart, .tmp, .partial), and its size and
 * modification time unchanged across two scans `stableMs` apart. Each file is imported, then moved to `processed/`
 * (or `failed/` when nothing in it could be read) with `<name>.report.json` beside it. Names already taken get a
 * timestamp suffix, so a redelivered file never overwrites an earlier one.
 */
import { mkdir, readdir, rename, stat, writeFile } from "node:fs/promises";
import { extname, join } from "node:path";
import type { Database } from "../../db/client.js";
import { importEventsFile, type ImportOptions, type ImportReport } from "./import-events.js";

export interface DropFolderOptions {
  db: Database;
  sellerId: string;
  dir: string;
  /** A file must look the same for this long before it is taken (default 5 s). */
  stableMs?: number;
  /** How often `start()` scans (default 10 s). */
  intervalMs?: number;
  now?: () => number;
  onFile?: (outcome: DropOutcome) => void;
  /** Passed to each import (batch size, progress). */
  importOptions?: ImportOptions;
}

export interface DropOutcome {
  file: string;
  movedTo: string;
  report: ImportReport | null;
  error: string | null;
}

const PARTIAL = /\.(part|filepart|tmp|partial|crdownload)$/i;
const ACCEPTED = new Set([".csv", ".txt", ".edi", ".x12", ".214"]);

export interface DropFolderWatcher {
  /** Looks at the folder once and imports every file that is complete; returns what it did. */
  scanOnce(): Promise<DropOutcome[]>;
  start(): void;
  stop(): void;
}

/** Creates a drop-folder watcher (call `start()`, or `scanOnce()` from a scheduled job). */
export function createDropFolderWatcher(options: DropFolderOptions): DropFolderWatcher {
  const now = options.now ?? Date.now;
  const stableMs = options.stableMs ?? 5_000;
  const seen = new Map<string, { size: number; mtimeMs: number; since: number }>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<DropOutcome[]> | null = null;

  async function scan(): Promise<DropOutcome[]> {
    await mkdir(join(options.dir, "processed"), { recursive: true });
    await mkdir(join(options.dir, "failed"), { recursive: true });
    const outcomes: DropOutcome[] = [];
    const names = (await readdir(options.dir, { withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort();
    const present = new Set(names);
    for (const name of seen.keys()) if (!present.has(name)) seen.delete(name);
    for (const name of names) {
      if (name.startsWith(".") || PARTIAL.test(name) || !ACCEPTED.has(extname(name).toLowerCase())) continue;
      const path = join(options.dir, name);
      const st = await stat(path).catch(() => null);
      if (!st) continue;
      const prev = seen.get(name);
      if (!prev || prev.size !== st.size || prev.mtimeMs !== st.mtimeMs) {
        seen.set(name, { size: st.size, mtimeMs: st.mtimeMs, since: now() });
        continue;
      }
      if (now() - prev.since < stableMs) continue;
      seen.delete(name);
      outcomes.push(await take(name, path));
    }
    return outcomes;
  }

  async function take(name: string, path: string): Promise<DropOutcome> {
    let report: ImportReport | null = null;
    let error: string | null = null;
    try {
      report = await importEventsFile(options.db, options.sellerId, path, options.importOptions);
    } catch (e) {
      error = (e as Error).message;
    }
    const ok = report !== null && report.eventsRead > 0;
    const target = await freeName(join(options.dir, ok ? "processed" : "failed"), name);
    // The report first, then the move: a process stopped between the two imports the file again on its next
    // start — harmless, every batch and event is deduplicated — and rewrites the same report.
    await writeFile(
      `${target}.report.json`,
      `${JSON.stringify({ file: name, importedAt: new Date(now()).toISOString(), error, ...(report ?? {}) }, null, 2)}\n`,
    );
    await rename(path, target);
    const outcome = { file: name, movedTo: target, report, error };
    options.onFile?.(outcome);
    return outcome;
  }

  async function freeName(dir: string, name: string): Promise<string> {
    const first = join(dir, name);
    if (!(await stat(first).catch(() => null))) return first;
    const ext = extname(name);
    return join(
      dir,
      `${name.slice(0, name.length - ext.length)}.${new Date(now()).toISOString().replace(/[:.]/g, "-")}${ext}`,
    );
  }

  return {
    scanOnce() {
      // One scan at a time: a slow import must not be picked up twice by the next tick.
      running ??= scan().finally(() => (running = null));
      return running;
    },
    start() {
      if (timer) return;
      timer = setInterval(() => void this.scanOnce().catch(() => undefined), options.intervalMs ?? 10_000);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
