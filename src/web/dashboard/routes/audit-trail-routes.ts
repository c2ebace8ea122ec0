/** Settings › Audit trail: who changed what, filtered, 50 entries a page, and the filtered entries as CSV. */
import { Readable } from "node:stream";
import type { FastifyRequest } from "fastify";
import { csvLine } from "../../../core/csv.js";
import { AppError } from "../../../core/errors.js";
import { localDate } from "../../../core/time.js";
import { listApiKeys } from "../../../db/repositories/api-keys.js";
import {
  auditDistinct,
  listAuditEntries,
  liveAuditTargets,
  type AuditFilter,
} from "../../../db/repositories/audit-log.js";
import { listUsers } from "../../../db/repositories/users.js";
import { sendHtml } from "../respond.js";
import { queryParam, sessionOf, type DashboardDeps, type DashboardRoute } from "../route.js";
import { auditTrailPage, type AuditQuery } from "../views/audit-trail-view.js";
import { actorDirectory, describeActor, whoText } from "../views/audit-words.js";

const PAGE_SIZE = 50;
/** The export reads the trail in pages of this many and streams them, so a long trail never sits in memory. */
const EXPORT_BATCH = 1000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The query string, checked: dates as days (from before to), the cursor a positive id. */
function auditQuery(request: FastifyRequest): AuditQuery {
  const [action, who, target, from, to, before] = ["action", "who", "target", "from", "to", "before"].map(
    (name) => queryParam(request, name),
  ) as [string, string, string, string, string, string];
  if ([action, who, target].some((v) => v.length > 200))
    throw new AppError("SW_ERR_VALIDATION", "A filter is longer than any action, person or type.");
  for (const day of [from, to])
    if (day && (!DAY.test(day) || Number.isNaN(Date.parse(day))))
      throw new AppError("SW_ERR_VALIDATION", "Give dates as YYYY-MM-DD.");
  if (from && to && from > to)
    throw new AppError("SW_ERR_VALIDATION", "The first date must come before the last.");
  if (before && !/^[1-9]\d{0,15}$/.test(before))
    throw new AppError("SW_ERR_VALIDATION", "That page cursor is not one this page made.");
  return { action, who, target, from, to, before: before ? Number(before) : null };
}

function filterOf(q: AuditQuery, timeZone: string): AuditFilter {
  return { action: q.action, actor: q.who, targetType: q.target, from: q.from, to: q.to, timeZone };
}

/** Everyone who can appear as an actor now, for the "who" column and select. */
async function directoryOf(deps: DashboardDeps, sellerId: string) {
  const [users, keys] = await Promise.all([listUsers(deps.db, sellerId), listApiKeys(deps.db.orm, sellerId)]);
  return actorDirectory(users, keys);
}

const CSV_HEADER = [
  "id",
  "at",
  "actor",
  "who",
  "action",
  "target_type",
  "target_id",
  "request_id",
  "ip",
  "data",
];

export function auditTrailRoutes(deps: DashboardDeps): DashboardRoute[] {
  const { db } = deps;
  return [
    {
      method: "GET",
      url: "/settings/audit",
      permission: "configure",
      async handler(request, reply) {
        const s = sessionOf(request);
        const query = auditQuery(request);
        const { items, nextBefore } = await listAuditEntries(db, s.sellerId, {
          limit: PAGE_SIZE,
          filter: filterOf(query, s.timeZone),
          ...(query.before ? { before: query.before } : {}),
        });
        const [actions, targetTypes, directory, live] = await Promise.all([
          auditDistinct(db, s.sellerId, "action"),
          auditDistinct(db, s.sellerId, "target_type"),
          directoryOf(deps, s.sellerId),
          liveAuditTargets(db, s.sellerId, items),
        ]);
        return sendHtml(
          reply,
          auditTrailPage(request, {
            query,
            entries: items,
            nextBefore,
            actions,
            targetTypes,
            directory,
            live,
            timeZone: s.timeZone,
          }),
        );
      },
    },
    {
      method: "GET",
      url: "/settings/audit.csv",
      permission: "configure",
      async handler(request, reply) {
        const s = sessionOf(request);
        // Every entry the filters select, whatever page the link was on.
        const filter = filterOf(auditQuery(request), s.timeZone);
        const directory = await directoryOf(deps, s.sellerId);
        async function* lines() {
          yield csvLine(CSV_HEADER);
          let before: number | null = null;
          do {
            const batch = await listAuditEntries(db, s.sellerId, {
              limit: EXPORT_BATCH,
              filter,
              ...(before ? { before } : {}),
            });
            yield batch.items
              .map((e) => {
                return csvLine([
                  e.id,
                  e.at.toISOString(),
                  e.actor,
                  whoText(describeActor(e.actor, directory)),
                  e.action,
                  e.targetType,
                  e.targetId,
                  e.requestId,
                  e.ip,
                  JSON.stringify(e.data),
                ]);
              })
              .join("");
            before = batch.nextBefore;
          } while (before);
        }
        return reply
          .type("text/csv; charset=utf-8")
          .header(
            "content-disposition",
            `attachment; filename="shipwatch-audit-${localDate(new Date(), s.timeZone)}.csv"`,
          )
          .send(Readable.from(lines()));
      },
    },
  ];
}
