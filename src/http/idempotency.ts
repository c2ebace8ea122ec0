/**
 * Idempotency-Key on POSTs: the first response to a key is stored and returned again for every retry with
 * the same body; the same key with another body is refused (422); a retry racing the first gets 409.
 */
import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { AppError } from "../core/errors.js";
import type { Database } from "../db/client.js";

const IN_PROGRESS = 0;

interface StoredResponse {
  contentType: string;
  body: string;
}

declare module "fastify" {
  interface FastifyRequest {
    idempotencyKey?: string;
  }
}

export function installIdempotency(app: FastifyInstance, db: Database): void {
  app.addHook("preHandler", async (request, reply) => {
    if (request.method !== "POST" || !request.routeOptions.config.idempotent || !request.auth) return;
    const key = request.headers["idempotency-key"];
    if (key === undefined) return;
    if (typeof key !== "string" || key.length === 0 || key.length > 255) {
      throw new AppError("SW_ERR_VALIDATION", "Idempotency-Key must be 1 to 255 characters.");
    }
    const body = request.rawBody ?? Buffer.from(JSON.stringify(request.body ?? null));
    const hash = createHash("sha256").update(`${request.method} ${request.url}\n`).update(body).digest("hex");
    const sellerId = request.auth.sellerId;
    const claimed = await db.query(
      `INSERT INTO idempotency_keys (seller_id, key, method, path, request_hash, status_code)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (seller_id, key) DO NOTHING RETURNING key`,
      [sellerId, key, request.method, request.url, hash, IN_PROGRESS],
    );
    if (claimed.length > 0) {
      request.idempotencyKey = key;
      return;
    }
    const [prior] = await db.query<{
      request_hash: string;
      status_code: number;
      response_body: StoredResponse | null;
    }>(
      "SELECT request_hash, status_code, response_body FROM idempotency_keys WHERE seller_id = $1 AND key = $2",
      [sellerId, key],
    );
    if (!prior) throw new AppError("SW_ERR_IDEMPOTENCY_IN_PROGRESS", "Retry this request.");
    if (prior.request_hash !== hash) throw new AppError("SW_ERR_IDEMPOTENCY_MISMATCH");
    if (prior.status_code === IN_PROGRESS || !prior.response_body)
      throw new AppError("SW_ERR_IDEMPOTENCY_IN_PROGRESS");
    return reply
      .code(prior.status_code)
      .header("idempotent-replayed", "true")
      .type(prior.response_body.contentType)
      .send(prior.response_body.body);
  });

  app.addHook("onSend", async (request, reply, payload) => {
    const key = request.idempotencyKey;
    if (!key || !request.auth) return payload;
    request.idempotencyKey = undefined;
    if (reply.statusCode >= 500) {
      // A server failure is not an answer: let the client retry with the same key.
      await db.query("DELETE FROM idempotency_keys WHERE seller_id = $1 AND key = $2", [
        request.auth.sellerId,
        key,
      ]);
      return payload;
    }
    const stored: StoredResponse = {
      contentType: String(reply.getHeader("content-type") ?? "application/json"),
      body: typeof payload === "string" ? payload : Buffer.isBuffer(payload) ? payload.toString("utf8") : "",
    };
    await db.query(
      "UPDATE idempotency_keys SET status_code = $3, response_body = $4::jsonb WHERE seller_id = $1 AND key = $2",
      [request.auth.sellerId, key, reply.statusCode, JSON.stringify(stored)],
    );
    return payload;
  });
}
