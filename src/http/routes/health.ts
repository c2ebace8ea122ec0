/** Liveness, readiness and Prometheus metrics. */
import type { FastifyInstance } from "fastify";
import { renderMetrics } from "../../core/metrics.js";
import type { Database } from "../../db/client.js";
import { listMigrations } from "../../db/migrate.js";

export function registerHealthRoutes(app: FastifyInstance, db: Database): void {
  const expected = listMigrations().at(-1)?.version ?? 0;
  app.get("/healthz", { logLevel: "warn" }, async () => ({ status: "ok" }));
  app.get("/readyz", { logLevel: "warn" }, async (_request, reply) => {
    try {
      const [row] = await db.query<{ version: number | null }>(
        "SELECT max(version) AS version FROM schema_migrations",
      );
      const current = row?.version ?? 0;
      if (current < expected) {
        return reply
          .code(503)
          .type("application/problem+json")
          .send({
            type: "https://shipwatch.dev/problems/sw-err-unavailable",
            title: "Not ready",
            status: 503,
            code: "SW_ERR_UNAVAILABLE",
            detail: `database at migration ${current}, this build needs ${expected}`,
          });
      }
      return { status: "ready", engine: db.engine, migration: current };
    } catch (error) {
      return reply
        .code(503)
        .type("application/problem+json")
        .send({
          type: "https://shipwatch.dev/problems/sw-err-unavailable",
          title: "Not ready",
          status: 503,
          code: "SW_ERR_UNAVAILABLE",
          detail: `database unreachable: ${(error as Error).message}`,
        });
    }
  });
  app.get("/metrics", { logLevel: "warn" }, async (_request, reply) =>
    reply.type("text/plain; version=0.0.4").send(renderMetrics()),
  );
}
