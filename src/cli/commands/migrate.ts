/** `shipwatch migrate`: bring the database (DATABASE_URL, or the embedded one in SHIPWATCH_DATA_DIR) up to date. */
import { loadConfig } from "../../config/index.js";
import { openDatabase } from "../../db/client.js";
import { DataDirLockedError } from "../../db/lock.js";
import { migrate } from "../../db/migrate.js";
import type { CliCommand } from "../command.js";

export const migrateCommand: CliCommand = {
  name: "migrate",
  summary: "Apply database migrations and exit",
  usage:
    "shipwatch migrate   (uses DATABASE_URL, or the embedded database in SHIPWATCH_DATA_DIR, default ./data)",
  async run(_argv, io) {
    const config = loadConfig(io.env);
    try {
      const db = await openDatabase(
        config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir },
      );
      try {
        const report = await migrate(db);
        io.stdout(
          report.applied.length
            ? `applied ${report.applied.join(", ")}; now at migration ${report.current}\n`
            : `up to date at migration ${report.current}\n`,
        );
        return 0;
      } finally {
        await db.close();
      }
    } catch (error) {
      if (error instanceof DataDirLockedError) {
        io.stderr(`shipwatch: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
  },
};
