/** What the HTTP layer adds to Fastify's request and route config. */
import type { Scope } from "../db/repositories/api-keys.js";

export interface RequestAuth {
  sellerId: string;
  keyId: string;
  scopes: readonly Scope[];
}

export interface AuditNote {
  action: string;
  targetType: string;
  targetId?: string | null;
  data?: Record<string, unknown>;
}

declare module "fastify" {
  interface FastifyRequest {
    auth?: RequestAuth;
    /** Set by a handler that wrote something; the audit hook records it once the response is decided. */
    audit?: AuditNote;
    /** The body exactly as received, for routes that store raw payloads. */
    rawBody?: Buffer;
  }
  interface FastifyContextConfig {
    scope?: Scope;
    idempotent?: boolean;
    rawIngest?: boolean;
  }
}
