/** /v1/api-keys: list, create (the secret is shown once), rotate and revoke. Admin scope. */
import { z } from "zod";
import type { Database } from "../../db/client.js";
import {
  createApiKey,
  listApiKeys,
  revokeApiKey,
  rotateApiKey,
  SCOPES,
} from "../../db/repositories/api-keys.js";
import { notFound } from "../errors.js";
import { defineRoute } from "../route.js";
import { idParams } from "../schemas.js";

const iso = (d: Date | null) => (d ? d.toISOString() : null);
type KeyView = Awaited<ReturnType<typeof listApiKeys>>[number];
const keyView = (k: KeyView) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: iso(k.lastUsedAt),
  revokedAt: iso(k.revokedAt),
  rotatedFrom: k.rotatedFrom,
});

export function apiKeyRoutes(db: Database) {
  return [
    defineRoute({
      method: "GET",
      url: "/v1/api-keys",
      tag: "api-keys",
      summary: "List API keys (never their secrets)",
      scope: "admin",
      async handler({ sellerId }) {
        return { items: (await listApiKeys(db.orm, sellerId)).map(keyView) };
      },
    }),
    defineRoute({
      method: "POST",
      url: "/v1/api-keys",
      tag: "api-keys",
      summary: "Create an API key; the response holds the secret, shown this once",
      scope: "admin",
      body: z
        .object({ name: z.string().trim().min(1).max(100), scopes: z.array(z.enum(SCOPES)).min(1) })
        .strict(),
      response: { status: 201 },
      async handler({ body, sellerId, request }) {
        const { key, secret } = await createApiKey(db.orm, { sellerId, ...body });
        request.audit = {
          action: "api_key.create",
          targetType: "api_key",
          targetId: key.id,
          data: { scopes: body.scopes },
        };
        return { ...keyView(key), secret };
      },
    }),
    defineRoute({
      method: "POST",
      url: "/v1/api-keys/:id/rotate",
      tag: "api-keys",
      summary: "Replace a key with a new one (same name and scopes); the old one stops working now",
      scope: "admin",
      params: idParams,
      response: { status: 201 },
      async handler({ params, sellerId, request }) {
        const rotated = await rotateApiKey(db.orm, sellerId, params.id);
        if (!rotated) notFound("api key");
        request.audit = {
          action: "api_key.rotate",
          targetType: "api_key",
          targetId: params.id,
          data: { newKeyId: rotated.key.id },
        };
        return { ...keyView(rotated.key), secret: rotated.secret };
      },
    }),
    defineRoute({
      method: "DELETE",
      url: "/v1/api-keys/:id",
      tag: "api-keys",
      summary: "Revoke an API key",
      scope: "admin",
      params: idParams,
      async handler({ params, sellerId, request }) {
        const key = await revokeApiKey(db.orm, sellerId, params.id);
        if (!key) notFound("api key");
        request.audit = { action: "api_key.revoke", targetType: "api_key", targetId: params.id };
        return keyView(key);
      },
    }),
  ];
}
