/** `--seller` on the command line: a seller's slug (demo) or its id. */
import type { Database } from "../../db/client.js";
import { findSellerById, findSellerBySlug, type Seller } from "../../db/repositories/sellers.js";
import { isUuid } from "../../core/ids.js";

/** The seller a `--seller` value names, or undefined. */
export async function findSellerArg(db: Database, value: string): Promise<Seller | undefined> {
  if (isUuid(value)) return findSellerById(db.orm, value.toLowerCase());
  return findSellerBySlug(db.orm, value);
}
