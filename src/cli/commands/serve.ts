/** `shipwatch serve [--demo] [--port N]`: migrate, optionally seed the demo, serve everything on one port. */
import { parseArgs } from "node:util";
import { buildApp } from "../../app.js";
import { loadConfig, publicUrlOf } from "../../config/index.js";
import { openDatabase } from "../../db/client.js";
import { DataDirLockedError } from "../../db/lock.js";
import { migrate } from "../../db/migrate.js";
import { ensureDemoSeller, startDemoWorld, DEMO_SLUG } from "../../sim/demo.js";
import type { CliCommand } from "../command.js";

const USAGE = "shipwatch serve [--demo] [--port N] [--host H]";

export const serveCommand: CliCommand = {
  name: "serve",
  summary: "Run the API, tracking page and dashboard",
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        demo: { type: "boolean", default: false },
        port: { type: "string" },
        host: { type: "string" },
      },
    });
    const config = loadConfig(io.env, {
      ...(values.port ? { port: Number(values.port) } : {}),
      ...(values.host ? { host: values.host } : {}),
    });
    let db;
    try {
      db = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir });
    } catch (error) {
      if (error instanceof DataDirLockedError) {
        io.stderr(`shipwatch: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
    const migrated = await migrate(db);
    const app = await buildApp(config, { db });
    let demo: Awaited<ReturnType<typeof startDemoWorld>> | undefined;
    let apiKey: string | undefined;
    if (values.demo) {
      const ensured = await ensureDemoSeller(db, config.demoApiKey);
      apiKey = ensured.apiKey;
      demo = await startDemoWorld(db, ensured.seller);
    }
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    const base = config.publicUrl ? publicUrlOf(config) : `http://localhost:${port}`;
    io.stdout(
      [
        "",
        `Shipwatch is running (${db.engine === "pglite" ? `embedded database in ${config.dataDir}` : "PostgreSQL server"}, migrations: ${migrated.applied.length ? migrated.applied.join(", ") : "up to date"})`,
        `  API             ${base}/v1   (reference: ${base}/docs, OpenAPI: ${base}/openapi.json)`,
        `  Tracking page   ${base}/track/${DEMO_SLUG}`,
        `  Dashboard       ${base}/app`,
        `  Health          ${base}/healthz  ${base}/readyz  ${base}/metrics`,
        ...(apiKey
          ? [
              `  Demo API key    ${apiKey}`,
              `  Try:  curl -H "Authorization: Bearer ${apiKey}" ${base}/v1/orders?limit=2`,
            ]
          : []),
        "",
      ].join("\n") + "\n",
    );
    return new Promise<number>((resolve) => {
      const shutdown = (signal: string) => {
        app.log.info({ signal }, "shutting down");
        demo?.stop();
        void app
          .close()
          .then(() => db.close())
          .then(() => resolve(0));
      };
      process.once("SIGINT", () => shutdown("SIGINT"));
      process.once("SIGTERM", () => shutdown("SIGTERM"));
    });
  },
};
