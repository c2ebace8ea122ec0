/**
 * `shipwatch serve [--role api|worker|all] [--demo] [--port N]`: migrate, then run the API (tracking page,
 * dashboard, webhooks), the job workers, or both. API and worker processes scale separately on one PostgreSQL;
 * the embedded database serves one process, so there it is always both. SIGTERM drains: no new requests or
 * claims, in-flight ones finish, then the queue and the database close.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { buildApp } from "../../app.js";
import { loadConfig, publicUrlOf, type Config } from "../../config/index.js";
import { openDatabase, type Database } from "../../db/client.js";
import { DataDirLockedError } from "../../db/lock.js";
import { migrate } from "../../db/migrate.js";
import { SecretKeyError } from "../../db/secrets/sealed-box.js";
import { loadConfiguredKeyring, startInstanceSecrets } from "../../db/secrets/start.js";
import { installErrorHandling } from "../../http/errors.js";
import { registerHealthRoutes } from "../../http/routes/health.js";
import { startJobQueue } from "../../jobs/queue.js";
import { startWorker, type Worker } from "../../jobs/worker.js";
import { createPollerDeps } from "../../ingest/polling/poller-deps.js";
import { notificationJobOptions } from "../../notifications/jobs.js";
import { JOB_NAMES } from "../../jobs/catalog.js";
import type { Seller } from "../../db/repositories/sellers.js";
import { ensureDemoSeller, startDemoWorld, DEMO_SLUG } from "../../sim/demo.js";
import { startDemoShops, type DemoShops } from "../../sim/commerce/demo-shops.js";
import { ensureDemoOwner } from "../../sim/demo-users.js";
import { seedDemoRelatedProducts } from "../../sim/demo-related-products.js";
import { seedDemoReturns } from "../../sim/demo-returns.js";
import { startAnalyticsRollups } from "../../analytics/rollup-schedule.js";
import type { CliCommand, CliIO } from "../command.js";

const ROLES = ["all", "api", "worker"] as const;
type Role = (typeof ROLES)[number];

const USAGE = `shipwatch serve [--role all|api|worker] [--demo] [--port N] [--host H]

  --role all      API, tracking page, dashboard, webhooks and job workers in one process (default)
  --role api      HTTP only; the jobs it queues are run by worker processes (needs DATABASE_URL)
  --role worker   job workers only, with /healthz /readyz /metrics on PORT (needs DATABASE_URL)
  --demo          seed the demo seller and its simulated journeys (with --role all)

\`shipwatch worker\` is \`shipwatch serve --role worker\`.`;

/** Why a role cannot run with this configuration, or null. */
function roleProblem(role: Role, config: Config, demo: boolean): string | null {
  if (role !== "all" && !config.databaseUrl) {
    return (
      `--role ${role} needs DATABASE_URL (a PostgreSQL server): the embedded database serves one process, ` +
      "so API and workers cannot be split across processes on it. Run `shipwatch serve` (role all) instead."
    );
  }
  if (demo && role !== "all")
    return "--demo runs with --role all (the demo world needs the API and workers).";
  return null;
}

/** A process with the worker role still answers health checks and exposes its metrics. */
async function buildWorkerApp(config: Config, db: Database): Promise<FastifyInstance> {
  const app = Fastify({ logger: config.logLevel === "silent" ? false : { level: config.logLevel } });
  installErrorHandling(app);
  registerHealthRoutes(app, db);
  return app;
}

export const serveCommand: CliCommand = {
  name: "serve",
  summary: "Run the API, tracking page, dashboard and job workers",
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        role: { type: "string", default: "all" },
        demo: { type: "boolean", default: false },
        port: { type: "string" },
        host: { type: "string" },
      },
    });
    const role = values.role as Role;
    if (!ROLES.includes(role)) {
      io.stderr(`shipwatch: --role must be one of ${ROLES.join(", ")}\n`);
      return 2;
    }
    const config = loadConfig(io.env, {
      ...(values.port ? { port: Number(values.port) } : {}),
      ...(values.host ? { host: values.host } : {}),
      // The demo runs on one machine, often pointed at a webhook receiver on localhost; production is guarded.
      ...(values.demo && io.env.SHIPWATCH_ALLOW_PRIVATE_WEBHOOK_TARGETS === undefined
        ? { allowPrivateWebhookTargets: true }
        : {}),
    });
    const problem = roleProblem(role, config, values.demo ?? false);
    if (problem) {
      io.stderr(`shipwatch: ${problem}\n`);
      return 2;
    }
    // The instance key first: a process that could not read the secrets it shares must not start at all.
    let keyring: ReturnType<typeof loadConfiguredKeyring>;
    try {
      keyring = loadConfiguredKeyring(config, io.env);
    } catch (error) {
      if (!(error instanceof SecretKeyError)) throw error;
      io.stderr(`shipwatch: ${error.message}\n`);
      return 1;
    }
    if (keyring.warning) io.stderr(`shipwatch: ${keyring.warning}\n`);
    let db: Database;
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
    // Before anything can read a secret: rows of older versions (plaintext) or of an earlier key are sealed.
    try {
      await startInstanceSecrets(db, keyring);
    } catch (error) {
      if (!(error instanceof SecretKeyError)) throw error;
      io.stderr(`shipwatch: ${error.message}\n`);
      await db.close();
      return 1;
    }
    // The demo gets a drop folder of its own, so file imports can be tried by copying a file into it.
    const dropDir = config.dropDir ?? (values.demo ? join(config.dataDir, "drop") : undefined);
    if (values.demo && dropDir) mkdirSync(join(dropDir, DEMO_SLUG), { recursive: true });
    // The queue starts before the app whose logger its errors go to.
    const log: { current?: FastifyBaseLogger } = {};
    const jobs = await startJobQueue(db, {
      connectionString: config.databaseUrl,
      schema: config.jobsSchema,
      supervise: role !== "api",
      // Recurring jobs (the daily ETA retrain) are fired by worker processes.
      schedule: role !== "api",
      onError: (error) => log.current?.error({ err: error }, "job queue error"),
    });
    const app = role === "worker" ? await buildWorkerApp(config, db) : await buildApp(config, { db, jobs });
    log.current = app.log;
    // The demo's Shopify store and WooCommerce site are local emulators the write-back job must reach.
    const demoShops: DemoShops | undefined = values.demo ? await startDemoShops() : undefined;
    const worker: Worker | undefined =
      role === "api"
        ? undefined
        : await startWorker(db, jobs, {
            // Carriers can push to /hooks only at a configured public URL (never the localhost fallback).
            pollerDeps: createPollerDeps({ publicUrl: config.publicUrl }),
            commerce: {
              publicUrl: publicUrlOf(config),
              allowPrivateTargets: config.allowPrivateWebhookTargets,
              ...demoShops?.deps,
            },
            allowPrivateTargets: config.allowPrivateWebhookTargets,
            onError: (error) => log.current?.warn({ err: error }, "job failed"),
            notifications: notificationJobOptions(config),
            ...(dropDir
              ? {
                  dropFolders: {
                    root: dropDir,
                    onFile: (f) =>
                      log.current?.info(
                        { seller: f.seller, file: f.file, movedTo: f.movedTo, error: f.error },
                        "drop folder: file imported",
                      ),
                    onError: (error) => log.current?.warn({ err: error }, "drop folder failed"),
                  },
                }
              : {}),
          });
    let demo: Awaited<ReturnType<typeof startDemoWorld>> | undefined;
    let apiKey: string | undefined;
    let demoOwner: { email: string; password: string } | undefined;
    let demoSeller: Seller | undefined;
    if (values.demo) {
      const ensured = await ensureDemoSeller(db, config.demoApiKey);
      apiKey = ensured.apiKey;
      demoSeller = ensured.seller;
      demo = await startDemoWorld(db, ensured.seller);
      await seedDemoReturns(db, ensured.seller.id);
      await seedDemoRelatedProducts(db, ensured.seller.id);
      demoOwner = await ensureDemoOwner(db, ensured.seller.id, io.env.SHIPWATCH_DEMO_PASSWORD);
    }
    const stopRollups =
      role === "api"
        ? undefined
        : startAnalyticsRollups(db, {
            onError: (error) => log.current?.warn({ err: error }, "analytics roll-up failed"),
          });
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    const base = config.publicUrl ? publicUrlOf(config) : `http://localhost:${port}`;
    const sellers = apiKey
      ? [DEMO_SLUG]
      : (await db.query<{ slug: string }>("SELECT slug FROM sellers ORDER BY created_at, slug LIMIT 4")).map(
          (r) => r.slug,
        );
    printBanner(io, { role, db, config, migrated: migrated.applied, base, apiKey, dropDir, sellers });
    if (demoShops && demoSeller) {
      const seller = demoSeller;
      // Announced through the real webhook endpoint, in the background: the banner need not wait.
      demoShops
        .connect(db, seller, `http://127.0.0.1:${port}`)
        .catch((error: unknown) => app.log.warn({ err: error }, "demo shops could not connect"));
    }
    if (demoOwner)
      io.stdout(`  Dashboard login ${demoOwner.email} / ${demoOwner.password}   (${base}/app)\n\n`);
    // Each step is logged with its duration, so a slow drain says what it waited for.
    const step = async (name: string, stop: () => unknown) => {
      const started = Date.now();
      await stop();
      app.log.info({ step: name, ms: Date.now() - started }, "shutdown step done");
    };
    const stopDemo = async () => {
      // The demo's own traffic (scans released, shops announcing orders to this server) stops first, so that
      // draining waits only for real requests.
      await step("demo", () => demo?.stop());
      await step("demo shops", () => demoShops?.stop());
    };
    return waitForShutdown(app, stopDemo, async () => {
      await step("analytics roll-ups", () => stopRollups?.());
      await step("worker", () => worker?.stop());
      await step("job queue", () => jobs.stop({ graceful: true }));
      await step("database", () => db.close());
    });
  },
};

/**
 * The banner's tracking-page line: the sellers' own pages (the demo's with --demo), or, on an installation with
 * no seller yet, how to make one.
 */
export function trackingPageLines(base: string, slugs: readonly string[]): string[] {
  if (slugs.length === 0)
    return [
      `  Tracking page   ${base}/track/<seller>   (no seller yet: npx shipwatch seller create --name NAME --owner EMAIL)`,
    ];
  const shown = slugs
    .slice(0, 3)
    .map((slug, i) => `  ${i === 0 ? "Tracking page" : "             "}   ${base}/track/${slug}`);
  return slugs.length > 3 ? [...shown, "                  (and the other sellers' pages)"] : shown;
}

function printBanner(
  io: CliIO,
  p: {
    role: Role;
    db: Database;
    config: Config;
    migrated: string[];
    base: string;
    apiKey?: string;
    dropDir?: string;
    /** Slugs of the first sellers (at most 4), for their tracking-page URLs. */
    sellers: string[];
  },
): void {
  const where = p.db.engine === "pglite" ? `embedded database in ${p.config.dataDir}` : "PostgreSQL server";
  const migrations = p.migrated.length ? p.migrated.join(", ") : "up to date";
  const lines = ["", `Shipwatch is running as ${p.role} (${where}, migrations: ${migrations})`];
  if (p.role !== "worker") {
    lines.push(
      `  API             ${p.base}/v1   (reference: ${p.base}/docs, OpenAPI: ${p.base}/openapi.json)`,
      ...trackingPageLines(p.base, p.sellers),
      `  Dashboard       ${p.base}/app`,
      `  Webhooks        ${p.base}/hooks/<seller>/<source>   (endpoints and secrets: /v1/webhook-endpoints)`,
    );
  }
  if (p.role !== "api") {
    lines.push(`  Job workers     ${JOB_NAMES.join(", ")}, carrier polling loop`);
    if (p.dropDir)
      lines.push(
        `  Drop folder     ${join(p.dropDir, p.apiKey ? DEMO_SLUG : "<seller>")}   (CSV and EDI 214 files are imported)`,
      );
  }
  if (p.config.allowPrivateWebhookTargets)
    lines.push(
      "  Webhook targets loopback and private networks allowed (SHIPWATCH_ALLOW_PRIVATE_WEBHOOK_TARGETS)",
    );
  lines.push(`  Health          ${p.base}/healthz  ${p.base}/readyz  ${p.base}/metrics`);
  if (p.apiKey) {
    lines.push(
      `  Demo API key    ${p.apiKey}`,
      `  Try:  curl -H "Authorization: Bearer ${p.apiKey}" ${p.base}/v1/orders?limit=2`,
    );
  }
  io.stdout(lines.join("\n") + "\n\n");
}

/** Resolves with the exit code once SIGINT or SIGTERM has drained everything; a second signal exits at once. */
const DRAIN_GRACE_MS = 10_000;

function waitForShutdown(
  app: FastifyInstance,
  beforeClose: () => Promise<void>,
  closeRest: () => Promise<void>,
): Promise<number> {
  return new Promise<number>((resolve) => {
    let closing = false;
    const shutdown = (signal: string) => {
      if (closing) {
        app.log.warn({ signal }, "second signal: exiting without draining");
        process.exit(1);
      }
      closing = true;
      app.log.info({ signal }, "shutting down: draining requests and jobs");
      // Requests get DRAIN_GRACE_MS to finish; then connections still open (a client holding a response it does
      // not read, a keep-alive socket the server still counts as busy) are closed, so a stop never hangs.
      const startedAt = Date.now();
      const watchdog = setInterval(() => {
        app.server.getConnections((_error, connections) => {
          if (Date.now() - startedAt < DRAIN_GRACE_MS) {
            app.log.warn({ connections }, "still draining requests");
            return;
          }
          app.log.warn({ connections }, "drain grace over: closing the connections still open");
          app.server.closeAllConnections();
        });
      }, 2_500);
      watchdog.unref();
      beforeClose()
        .then(() => app.close())
        .finally(() => clearInterval(watchdog))
        .then(closeRest)
        .then(
          () => resolve(0),
          (error: unknown) => {
            app.log.error({ err: error }, "shutdown failed");
            resolve(1);
          },
        );
    };
    process.on("SIGINT", () => shutdown("SIGINT"));
    process.on("SIGTERM", () => shutdown("SIGTERM"));
  });
}
