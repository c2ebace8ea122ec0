/** POST /v1/detect: which carriers a tracking number can belong to, ranked, ambiguity reported as such. */
import { z } from "zod";
import { detectMany } from "../../carriers/detect/index.js";
import type { Database } from "../../db/client.js";
import { findSellerById } from "../../db/repositories/sellers.js";
import { defineRoute } from "../route.js";

export function detectRoutes(db: Database) {
  return [
    defineRoute({
      method: "POST",
      url: "/v1/detect",
      tag: "carriers",
      summary: "Detect the carrier of tracking numbers (the seller's enabled carriers rank first)",
      scope: "read",
      body: z.object({ trackingNumbers: z.array(z.string().max(64)).min(1).max(1000) }).strict(),
      async handler({ body, sellerId }) {
        const seller = await findSellerById(db.orm, sellerId);
        const carriers = Array.isArray(seller?.settings.carriers)
          ? (seller.settings.carriers as string[])
          : [];
        return { items: detectMany(body.trackingNumbers, { preferredCarriers: carriers }) };
      },
    }),
  ];
}
