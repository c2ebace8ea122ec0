/** Every successful write through the API lands in the append-only audit log, with key, request id and IP. */
import type { FastifyInstance } from "fastify";
import type { Database } from "../db/client.js";
import { writeAudit } from "../ingest/audit.js";

export function installAuditTrail(app: FastifyInstance, db: Database): void {
  app.addHook("onSend", async (request, reply, payload) => {
    const note = request.audit;
    if (!note || !request.auth || reply.statusCode >= 400) return payload;
    request.audit = undefined;
    await db.session((s) =>
      writeAudit(s, {
        sellerId: request.auth!.sellerId,
        actor: `api_key:${request.auth!.keyId}`,
        action: note.action,
        targetType: note.targetType,
        targetId: note.targetId ?? null,
        requestId: request.id,
        ip: request.ip,
        data: note.data ?? {},
      }),
    );
    return payload;
  });
}
