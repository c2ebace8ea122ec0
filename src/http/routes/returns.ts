/**
 * /v1 returns: request a return for an order, list and read them, approve or reject, attach the return tracking
 * number (a shipment with direction "return", carrier detected), and mark received, refunded or closed. Every
 * write is audited in its own transaction (src/returns/service.ts) and announced by webhook (`return.*`).
 */
import { z } from "zod";
import { AppError } from "../../core/errors.js";
import type { Database } from "../../db/client.js";
import { findSellerById } from "../../db/repositories/sellers.js";
import { RETURN_REASONS, RETURN_STATUSES, type ReturnStatus } from "../../returns/lifecycle.js";
import { getReturn, listReturns } from "../../returns/repository.js";
import {
  attachReturnTracking,
  changeReturnStatus,
  requestReturn,
  type Actor,
  type ReturnResult,
} from "../../returns/service.js";
import { returnView } from "../../returns/view.js";
import { notFound } from "../errors.js";
import { defineRoute } from "../route.js";
import { carrierId, idParams, listLimit, trackingNumber } from "../schemas.js";
import type { FastifyRequest } from "fastify";

const itemSchema = z
  .object({
    sku: z.string().trim().min(1).max(100).optional(),
    name: z.string().trim().min(1).max(200).optional(),
    quantity: z.number().int().min(1).max(1000).default(1),
  })
  .strict()
  .refine((i) => i.sku || i.name, "give the item's sku or name");

const returnBody = z
  .object({
    items: z.array(itemSchema).min(1).max(100),
    reasonCode: z.enum(RETURN_REASONS),
    reasonText: z.string().max(2000).optional(),
    locale: z.string().max(35).optional(),
  })
  .strict();

const noteBody = z
  .object({ note: z.string().trim().max(2000).optional() })
  .strict()
  .default({});

const actorOf = (request: FastifyRequest): Actor => ({
  actor: `api_key:${request.auth?.keyId ?? "unknown"}`,
  requestId: request.id,
  ip: request.ip,
});

/** The API answer for a service result: the return, or the problem it ran into. */
function answer(result: ReturnResult) {
  if (result.ok) return returnView(result.row);
  switch (result.kind) {
    case "not_found":
      return notFound(result.what);
    case "invalid":
      throw new AppError("SW_ERR_VALIDATION", result.problem);
    case "not_eligible":
      throw new AppError("SW_ERR_RETURN_NOT_ELIGIBLE", `not eligible: ${result.why}`, { why: result.why });
    case "not_allowed":
      throw new AppError("SW_ERR_RETURN_TRANSITION", `a ${result.status} return cannot become ${result.to}`, {
        status: result.status,
      });
    case "conflict":
      throw new AppError("SW_ERR_CONFLICT", result.problem);
  }
}

export function returnRoutes(db: Database) {
  const move = (url: string, to: ReturnStatus, summary: string) =>
    defineRoute({
      method: "POST",
      url: `/v1/returns/:id/${url}`,
      tag: "returns",
      summary,
      scope: "write",
      params: idParams,
      body: noteBody,
      async handler({ params, body, sellerId, request }) {
        return answer(
          await changeReturnStatus(db, sellerId, params.id, to, actorOf(request), body?.note ?? null),
        );
      },
    });
  return [
    defineRoute({
      method: "POST",
      url: "/v1/orders/:id/returns",
      tag: "returns",
      summary:
        "Request a return of some of an order's items (the order's metadata.lineItems are checked when given)",
      scope: "write",
      idempotent: true,
      params: idParams,
      body: returnBody,
      response: { status: 201, description: "The return request" },
      async handler({ params, body, sellerId, request }) {
        return answer(
          await requestReturn(db, sellerId, params.id, { ...body, source: "api" }, actorOf(request)),
        );
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/orders/:id/returns",
      tag: "returns",
      summary: "The returns of an order",
      scope: "read",
      params: idParams,
      async handler({ params, sellerId }) {
        const rows = await db.session((s) => listReturns(s, sellerId, { orderId: params.id, limit: 200 }));
        return { items: rows.map(returnView) };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/returns",
      tag: "returns",
      summary: "List returns, newest first",
      scope: "read",
      query: z.object({
        status: z.enum(RETURN_STATUSES).optional(),
        orderId: z.uuid().optional(),
        before: z.uuid().optional(),
        limit: listLimit,
      }),
      async handler({ query, sellerId }) {
        const rows = await db.session(async (s) => {
          const anchor = query.before ? await getReturn(s, sellerId, query.before) : undefined;
          return listReturns(s, sellerId, {
            ...query,
            limit: query.limit + 1,
            before: anchor ? { at: new Date(anchor.requested_at), id: anchor.id } : undefined,
          });
        });
        const items = rows.slice(0, query.limit).map(returnView);
        return { items, next: rows.length > query.limit ? items.at(-1)!.id : null };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/returns/:id",
      tag: "returns",
      summary: "Get a return with its items and return shipment",
      scope: "read",
      params: idParams,
      async handler({ params, sellerId }) {
        const row = await db.session((s) => getReturn(s, sellerId, params.id));
        if (!row) notFound("return");
        return returnView(row);
      },
    }),
    move("approve", "approved", "Approve a requested return"),
    move("reject", "rejected", "Reject a return (the note says why)"),
    move(
      "receive",
      "received",
      "Mark a return received by hand (scans of its return shipment do it otherwise)",
    ),
    move("refund", "refunded", "Mark a received return refunded"),
    move("close", "closed", "Close a return"),
    defineRoute({
      method: "POST",
      url: "/v1/returns/:id/tracking",
      tag: "returns",
      summary: "Attach the return tracking number: tracks a return shipment (carrier detected when omitted)",
      scope: "write",
      idempotent: true,
      params: idParams,
      body: z.object({ trackingNumber, carrier: carrierId.optional() }).strict(),
      async handler({ params, body, sellerId, request }) {
        const seller = await findSellerById(db.orm, sellerId);
        const preferred = Array.isArray(seller?.settings.carriers)
          ? (seller.settings.carriers as unknown[]).filter((c): c is string => typeof c === "string")
          : [];
        return answer(
          await attachReturnTracking(
            db,
            sellerId,
            params.id,
            { ...body, preferredCarriers: preferred },
            actorOf(request),
          ),
        );
      },
    }),
  ];
}
