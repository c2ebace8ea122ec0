/**
 * OpenAPI 3.1 built from the route declarations (zod → JSON Schema), served at /openapi.json, and a
 * self-contained reference page at /docs (no third-party scripts or fonts).
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { ERROR_CODES } from "../core/errors.js";
import type { AnyRouteSpec } from "./route.js";

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
  }) as Record<string, unknown>;
  return rest;
}

function parametersOf(spec: AnyRouteSpec) {
  const params: Record<string, unknown>[] = [];
  for (const [where, schema] of [
    ["path", spec.params],
    ["query", spec.query],
  ] as const) {
    if (!schema) continue;
    const js = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, s] of Object.entries(js.properties ?? {})) {
      params.push({
        name,
        in: where,
        required: where === "path" || (js.required ?? []).includes(name),
        schema: s,
      });
    }
  }
  return params;
}

/** The OpenAPI document for these routes. */
export function buildOpenApi(routes: readonly AnyRouteSpec[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of routes) {
    const path = spec.url.replace(/:([A-Za-z]+)/g, "{$1}");
    const status = String(spec.response?.status ?? 200);
    const problem = { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } };
    paths[path] ??= {};
    paths[path][spec.method.toLowerCase()] = {
      summary: spec.summary,
      tags: [spec.tag],
      operationId: `${spec.method.toLowerCase()}${path.replace(/[{}]/g, "").replace(/[/-](\w)/g, (_m, c: string) => c.toUpperCase())}`,
      ...(spec.scope ? { security: [{ apiKey: [spec.scope] }] } : {}),
      parameters: [
        ...parametersOf(spec),
        ...(spec.idempotent
          ? [
              {
                name: "Idempotency-Key",
                in: "header",
                required: false,
                schema: { type: "string", maxLength: 255 },
              },
            ]
          : []),
      ],
      ...(spec.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: jsonSchema(spec.body) } },
            },
          }
        : {}),
      responses: {
        [status]: { description: spec.response?.description ?? "Success" },
        "4XX": { description: "A problem (see `code`)", content: problem },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Shipwatch API",
      version,
      description:
        "Shipment tracking for ecommerce sellers. Authenticate with `Authorization: Bearer <api key>`. " +
        "Errors are application/problem+json with a stable `code`.",
    },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "API key with scopes read, write, admin" },
      },
      schemas: {
        Problem: {
          type: "object",
          required: ["type", "title", "status", "code"],
          properties: {
            type: { type: "string" },
            title: { type: "string" },
            status: { type: "integer" },
            code: { type: "string", enum: Object.keys(ERROR_CODES) },
            detail: { type: "string" },
            instance: { type: "string" },
            requestId: { type: "string" },
          },
        },
      },
    },
    paths,
  };
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function docsPage(doc: Record<string, unknown>): string {
  const paths = doc.paths as Record<
    string,
    Record<
      string,
      {
        summary: string;
        security?: { apiKey: string[] }[];
        requestBody?: unknown;
        parameters?: { name: string; in: string }[];
      }
    >
  >;
  const rows = Object.entries(paths)
    .flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => {
        const scope = op.security?.[0]?.apiKey[0] ?? "public";
        const params = (op.parameters ?? []).map((p) => `${p.name} (${p.in})`).join(", ");
        const body = op.requestBody
          ? `<details><summary>body schema</summary><pre>${escapeHtml(JSON.stringify((op.requestBody as { content: { "application/json": { schema: unknown } } }).content["application/json"].schema, null, 2))}</pre></details>`
          : "";
        return `<tr><td><code class="m">${method.toUpperCase()}</code></td><td><code>${escapeHtml(path)}</code></td><td>${escapeHtml(op.summary)}${params ? `<br><small>${escapeHtml(params)}</small>` : ""}${body}</td><td>${scope}</td></tr>`;
      }),
    )
    .join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Shipwatch API reference</title><style>
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1a1a1a}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.5rem;text-align:left;vertical-align:top}
code.m{font-weight:700}pre{background:#f5f5f5;padding:.5rem;overflow:auto;font-size:12px}</style></head><body>
<h1>Shipwatch API</h1><p>${escapeHtml(String((doc.info as { description: string }).description))}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
<table><thead><tr><th>Method</th><th>Path</th><th>What it does</th><th>Scope</th></tr></thead><tbody>${rows}</tbody></table></body></html>`;
}

export function registerOpenApiRoutes(
  app: FastifyInstance,
  routes: readonly AnyRouteSpec[],
  version: string,
): void {
  const doc = buildOpenApi(routes, version);
  const html = docsPage(doc);
  app.get("/openapi.json", async () => doc);
  app.get("/docs", async (_request, reply) =>
    reply
      .type("text/html; charset=utf-8")
      .header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'")
      .send(html),
  );
}
