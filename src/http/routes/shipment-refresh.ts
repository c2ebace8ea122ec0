/**
 * `POST /v1/shipments/{id}/refresh`: "refresh now". Queues a poll of the carrier for this shipment (one at a
 * time: a refresh asked while one is waiting joins it) and answers 202; the new events arrive through ingest.
 * The shipment's poll state records the request (`refresh_requested_at`, shown on the dashboard) in the same
 * transaction as the job, and the poll that serves it clears it.
 */
import type { Database } from "../../db/client.js";
import { getShipment } from "../../db/repositories/shipments.js";
import { markRefreshRequested } from "../../ingest/polling/carrier-accounts.js";
import type { JobQueue } from "../../jobs/queue.js";
import { fail, notFound } from "../errors.js";
import { defineRoute } from "../route.js";
import { idParams } from "../schemas.js";

export function shipmentRefreshRoutes(db: Database, jobs: JobQueue | undefined) {
  return [
    defineRoute({
      method: "POST",
      url: "/v1/shipments/:id/refresh",
      tag: "shipments",
      summary: "Ask the carrier for this shipment's latest scans now (queued; answers 202)",
      scope: "write",
      params: idParams,
      response: { status: 202 },
      async handler({ params, sellerId, request }) {
        const shipment = await getShipment(db.orm, sellerId, params.id);
        if (!shipment) notFound("shipment");
        if (!jobs) fail("SW_ERR_UNAVAILABLE", "This process runs no job queue; refresh is unavailable.");
        const { jobId, polled } = await db.session(async (s) => ({
          polled: await markRefreshRequested(s, sellerId, shipment.id, new Date()),
          jobId: await jobs.send(
            "poll-shipment",
            { shipmentId: shipment.id, sellerId, reason: "refresh" },
            s,
          ),
        }));
        request.audit = { action: "shipment.refresh", targetType: "shipment", targetId: shipment.id };
        // jobId null: a refresh of this shipment is already waiting, and this one joins it. polled false: no
        // carrier account of the seller polls this carrier, so the job will find nothing to ask.
        return { shipmentId: shipment.id, queued: true, alreadyQueued: jobId === null, polled };
      },
    }),
  ];
}
