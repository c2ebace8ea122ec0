/** Returns in the dashboard (list, one return, approve/reject/receive/refund/close, attach tracking) and the reply helper. */
import { publicUrlOf } from "../../../config/index.js";
import { AppError } from "../../../core/errors.js";
import { findSellerById } from "../../../db/repositories/sellers.js";
import { RETURN_STATUSES, type ReturnStatus } from "../../../returns/lifecycle.js";
import { getReturn, listReturns } from "../../../returns/repository.js";
import { attachReturnTracking, changeReturnStatus, type ReturnResult } from "../../../returns/service.js";
import { senderAddress } from "../../../http/routes/support.js";
import { draftWismoReply } from "../../../support/wismo.js";
import { redirectWithFlash, sendHtml } from "../respond.js";
import { field, queryParam, sessionOf, type DashboardDeps, type DashboardRoute } from "../route.js";
import { returnPage, returnsListPage } from "../views/returns-view.js";
import { wismoPage } from "../views/wismo-view.js";
import { isUuid } from "../../../core/ids.js";

const MOVES: readonly ReturnStatus[] = ["approved", "rejected", "received", "refunded", "closed"];

function flashOf(result: ReturnResult, done: string): string {
  if (result.ok) return result.changed ? done : "Nothing changed.";
  switch (result.kind) {
    case "not_allowed":
      return `A ${result.status} return cannot become ${result.to}.`;
    case "invalid":
    case "conflict":
      return result.problem;
    default:
      return "This return cannot be changed.";
  }
}

export function returnsRoutes(deps: DashboardDeps): DashboardRoute[] {
  const { db } = deps;
  const idOf = (params: unknown) => {
    const id = (params as { id: string }).id;
    if (!isUuid(id)) throw new AppError("SW_ERR_NOT_FOUND", "This return does not exist.");
    return id;
  };
  const actor = (userId: string, request: { id: string; ip: string }) => ({
    actor: `user:${userId}`,
    requestId: request.id,
    ip: request.ip,
  });
  return [
    {
      method: "GET",
      url: "/returns",
      permission: "view",
      async handler(request, reply) {
        const s = sessionOf(request);
        const status = queryParam(request, "status");
        const valid = (RETURN_STATUSES as readonly string[]).includes(status)
          ? (status as ReturnStatus)
          : undefined;
        const rows = await db.session((x) => listReturns(x, s.sellerId, { status: valid, limit: 200 }));
        return sendHtml(reply, returnsListPage(request, rows, valid ?? "", s.timeZone));
      },
    },
    {
      method: "GET",
      url: "/returns/:id",
      permission: "view",
      async handler(request, reply) {
        const s = sessionOf(request);
        const row = await db.session((x) => getReturn(x, s.sellerId, idOf(request.params)));
        if (!row)
          throw new AppError("SW_ERR_NOT_FOUND", "This return does not exist or belongs to another seller.");
        return sendHtml(reply, returnPage(request, row, s.timeZone));
      },
    },
    {
      method: "POST",
      url: "/returns/:id/status",
      permission: "act",
      async handler(request, reply) {
        const s = sessionOf(request);
        const id = idOf(request.params);
        const to = field(request, "to") as ReturnStatus;
        if (!MOVES.includes(to))
          return redirectWithFlash(deps, reply, `/app/returns/${id}`, "Choose an action.");
        const result = await changeReturnStatus(
          db,
          s.sellerId,
          id,
          to,
          actor(s.userId, request),
          field(request, "note") || null,
        );
        if (!result.ok && result.kind === "not_found")
          throw new AppError("SW_ERR_NOT_FOUND", "This return does not exist or belongs to another seller.");
        return redirectWithFlash(deps, reply, `/app/returns/${id}`, flashOf(result, `Return ${to}.`));
      },
    },
    {
      method: "POST",
      url: "/returns/:id/tracking",
      permission: "act",
      async handler(request, reply) {
        const s = sessionOf(request);
        const id = idOf(request.params);
        const trackingNumber = field(request, "trackingNumber").slice(0, 64);
        if (!trackingNumber)
          return redirectWithFlash(deps, reply, `/app/returns/${id}`, "Enter a tracking number.");
        const carrier = field(request, "carrier").toLowerCase();
        const seller = await findSellerById(db.orm, s.sellerId);
        const preferred = Array.isArray(seller?.settings.carriers)
          ? (seller.settings.carriers as string[])
          : [];
        const result = await attachReturnTracking(
          db,
          s.sellerId,
          id,
          {
            trackingNumber,
            ...(/^[a-z][a-z0-9_]{1,40}$/.test(carrier) ? { carrier } : {}),
            preferredCarriers: preferred,
          },
          actor(s.userId, request),
        );
        if (!result.ok && result.kind === "not_found")
          throw new AppError("SW_ERR_NOT_FOUND", "This return does not exist or belongs to another seller.");
        return redirectWithFlash(
          deps,
          reply,
          `/app/returns/${id}`,
          flashOf(result, "Return parcel attached: it is tracked now."),
        );
      },
    },
    {
      method: "GET",
      url: "/support/wismo",
      permission: "act",
      async handler(request, reply) {
        return sendHtml(reply, wismoPage(request, { subject: "", body: "", from: "" }));
      },
    },
    {
      method: "POST",
      url: "/support/wismo",
      permission: "act",
      async handler(request, reply) {
        const s = sessionOf(request);
        const form = {
          subject: field(request, "subject").slice(0, 1000),
          body: field(request, "body").slice(0, 20_000),
          from: field(request, "from").slice(0, 320),
        };
        const seller = await findSellerById(db.orm, s.sellerId);
        if (!seller) throw new AppError("SW_ERR_NOT_FOUND", "Unknown seller.");
        const draft = await draftWismoReply(
          db,
          seller,
          { subject: form.subject, body: form.body, fromEmail: senderAddress(form.from) },
          publicUrlOf(deps.config),
        );
        return sendHtml(reply, wismoPage(request, form, draft));
      },
    },
  ];
}
