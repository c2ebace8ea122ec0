import { randomUUID } from "node:crypto";

/** UPS asks every API call for a transaction id (at most 32 characters) and the calling application's name. */
export function upsTransactionHeaders(): Record<string, string> {
  return { transId: randomUUID().replace(/-/g, "").slice(0, 32), transactionSrc: "shipwatch" };
}
