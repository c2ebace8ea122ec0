/**
 * `POST /hooks/{seller}/{source}`: inbound webhooks from carriers, aggregators and sellers' own systems. The
 * body is taken as bytes whatever its content type (signatures are over the exact bytes), verified, stored raw
 * and queued; the answer is 202 within milliseconds. A bad signature is 401 problem+json, and still stored.
 * `shopify` and `woocommerce` are commerce platforms (src/commerce/receive.ts): same pipeline, secret per shop.
 */
import type { FastifyInstance } from "fastify";
import { commercePlatform } from "../../commerce/platforms.js";
import { receiveCommerceWebhook } from "../../commerce/receive.js";
import { AppError } from "../../core/errors.js";
import type { Database } from "../../db/client.js";
import { receiveWebhook } from "../../ingest/webhooks/receive.js";
import { webhookDeliveries, webhookReceiptSeconds } from "../../ingest/webhooks/metrics.js";
import { ReceiptWriter } from "../../ingest/webhooks/receipt-writer.js";
import type { JobQueue } from "../../jobs/queue.js";

const PARAM = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Registers the webhook receiver (answering 503 while this process runs no job queue). */
export async function registerWebhookRoutes(
  app: FastifyInstance,
  db: Database,
  jobs: JobQueue | undefined,
): Promise<void> {
  const writer = jobs ? new ReceiptWriter(db, jobs) : undefined;
  // Deliveries already accepted finish writing before the queue and the database close.
  app.addHook("onClose", async () => writer?.drain());

  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));

    scope.post<{ Params: { seller: string; source: string } }>(
      "/hooks/:seller/:source",
      { logLevel: "warn" },
      async (request, reply) => {
        const receivedAt = new Date();
        const started = performance.now();
        const { seller, source } = request.params;
        if (!PARAM.test(seller) || !PARAM.test(source))
          throw new AppError("SW_ERR_NOT_FOUND", "No such webhook endpoint");
        if (!writer)
          throw new AppError("SW_ERR_UNAVAILABLE", "This process does not accept webhooks (no job queue).");
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const delivery = { sellerSlug: seller, source, body, headers: request.headers, receivedAt };
        // Shopify and WooCommerce: the connection of the shop the delivery names holds the secret.
        const platform = commercePlatform(source);
        const answer = platform
          ? await receiveCommerceWebhook(db, writer, platform, delivery)
          : await receiveWebhook(db, writer, delivery);
        if (answer.kind === "ping") return reply.code(200).send({ status: "ping" });
        webhookReceiptSeconds.observe((performance.now() - started) / 1000, { source });
        if (answer.kind === "unknown") {
          webhookDeliveries.inc({ source: "unknown", outcome: "unknown" });
          throw new AppError("SW_ERR_NOT_FOUND", answer.reason);
        }
        webhookDeliveries.inc({ source, outcome: answer.outcome });
        if (answer.rejection) {
          // An unverified sender learns nothing about our ids: only that the request was kept.
          const extensions = { stored: true };
          if (answer.rejection.noEndpoint)
            throw new AppError("SW_ERR_NOT_FOUND", answer.rejection.reason, extensions);
          throw new AppError("SW_ERR_BAD_SIGNATURE", answer.rejection.reason, extensions);
        }
        return reply.code(202).send({ status: answer.outcome, receiptId: answer.receiptId });
      },
    );
  });
}
