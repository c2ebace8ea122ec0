/** How a one-shot command opens the configured database: migrated, closed after, a busy data folder said plainly. */
import type { Config } from "../config/index.js";
import { openDatabase, type Database } from "../db/client.js";
import { DataDirLockedError } from "../db/lock.js";
import { migrate } from "../db/migrate.js";
import type { CliIO } from "./command.js";

/**
 * Runs `work` on DATABASE_URL, or the embedded database in the data folder, brought up to date first. A folder
 * another process holds (the server, usually) is exit code 1 with the lock's explanation, not a stack trace.
 */
export async function withDatabase(
  command: string,
  config: Config,
  io: CliIO,
  work: (db: Database) => Promise<number>,
): Promise<number> {
  let db: Database;
  try {
    db = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir });
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      io.stderr(`shipwatch ${command}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  try {
    await migrate(db);
    return await work(db);
  } finally {
    await db.close();
  }
}
