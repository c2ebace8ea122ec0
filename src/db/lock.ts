/**
 * PGlite allows one process per data folder, and two processes on one folder silently lose writes.
 * This lock file makes the second process fail at start with a message that says what to do.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";

export class DataDirLockedError extends Error {
  constructor(
    readonly lockPath: string,
    readonly holderPid: number,
  ) {
    super(
      `The data folder is in use by another Shipwatch process (pid ${holderPid}, lock ${lockPath}). ` +
        `The embedded database allows one process per folder: stop that process, point SHIPWATCH_DATA_DIR ` +
        `at another folder, or set DATABASE_URL to share a PostgreSQL server between processes.`,
    );
    this.name = "DataDirLockedError";
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, which still means the folder is taken.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

/** Takes `<dir>/shipwatch.lock` for this process, replacing a stale lock left by a dead process. */
export function acquireDataDirLock(dir: string): DataDirLock {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "shipwatch.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        process.off("exit", release);
        rmSync(path, { force: true });
      };
      process.on("exit", release);
      return { path, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number.parseInt(readFileSync(path, "utf8").trim(), 10);
      if (Number.isFinite(holder) && holder !== process.pid && processIsAlive(holder)) {
        throw new DataDirLockedError(path, holder);
      }
      if (holder === process.pid) throw new DataDirLockedError(path, holder);
      rmSync(path, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`could not take the lock ${path}`);
}
