/**
 * /v1/support/wismo-reply: paste an inbound "where is my order?" message, get the order it is about and a reply
 * drafted in the shopper's language (src/support/wismo.ts). Read scope: it drafts, it sends nothing.
 */
import { z } from "zod";
import type { Database } from "../../db/client.js";
import { findSellerById } from "../../db/repositories/sellers.js";
import { draftWismoReply } from "../../support/wismo.js";
import { notFound } from "../errors.js";
import { defineRoute } from "../route.js";

const messageBody = z
  .object({
    subject: z.string().max(1000).default(""),
    body: z.string().max(20_000).default(""),
    /** The sender's address ("Ana <ana@example.com>" is read too). */
    from: z.string().max(320).optional(),
    /** The language to answer in when no single order tells it (en, es, fr, de, pt-BR). */
    locale: z.string().max(35).optional(),
  })
  .strict()
  .refine((m) => m.subject.trim() || m.body.trim() || m.from, "give the message's subject, body or sender");

/** The address inside a From header value. */
export function senderAddress(from: string | undefined): string | null {
  if (!from) return null;
  const angle = /<([^<>\s]+@[^<>\s]+)>/.exec(from)?.[1];
  const bare = /[^\s<>"]+@[^\s<>"]+/.exec(from)?.[0];
  return (angle ?? bare ?? null)?.toLowerCase() ?? null;
}

export function supportRoutes(db: Database, publicUrl?: string) {
  return [
    defineRoute({
      method: "POST",
      url: "/v1/support/wismo-reply",
      tag: "support",
      summary: "Find the order an inbound message is about and draft a plain-language status reply",
      scope: "read",
      body: messageBody,
      async handler({ body, sellerId, request }) {
        const seller = await findSellerById(db.orm, sellerId);
        if (!seller) notFound("seller");
        const base = publicUrl ?? `${request.protocol}://${request.host}`;
        return draftWismoReply(
          db,
          seller,
          {
            subject: body.subject,
            body: body.body,
            fromEmail: senderAddress(body.from),
            locale: body.locale,
          },
          base,
        );
      },
    }),
  ];
}
