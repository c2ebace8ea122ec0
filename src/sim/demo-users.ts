/**
 * The demo seller's dashboard owner (demo@example.com): the password comes from SHIPWATCH_DEMO_PASSWORD or is
 * generated and printed at start (and reset each start, like the printed API key).
 */
import { randomBytes } from "node:crypto";
import type { Database } from "../db/client.js";
import { createUser, findUserByEmail, setUserPassword } from "../db/repositories/users.js";
import { hashPassword } from "../web/dashboard/password.js";

export const DEMO_OWNER_EMAIL = "demo@example.com";

/** Ensures the demo owner exists with the given (or a fresh) password; returns the credentials to print. */
export async function ensureDemoOwner(
  db: Database,
  sellerId: string,
  configuredPassword?: string,
): Promise<{ email: string; password: string }> {
  const password = configuredPassword || randomBytes(9).toString("base64url");
  const passwordHash = await hashPassword(password);
  const existing = await findUserByEmail(db, sellerId, DEMO_OWNER_EMAIL);
  if (existing) await setUserPassword(db, existing.id, passwordHash);
  else
    await createUser(db, {
      sellerId,
      email: DEMO_OWNER_EMAIL,
      name: "Demo owner",
      role: "owner",
      passwordHash,
    });
  return { email: DEMO_OWNER_EMAIL, password };
}
