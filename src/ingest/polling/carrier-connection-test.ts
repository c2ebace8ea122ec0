/**
 * "Test connection": one tracking request with the given credentials, through the carrier's own client, to tell
 * a seller whether the carrier accepts them before anything is polled. The number asked about needs not exist:
 * a carrier that answers "not found" has accepted the credentials.
 */
import { getCarrier } from "../../carriers/registry.js";

export type ConnectionTestResult =
  | { ok: true; message: string }
  | {
      ok: false;
      reason: "no_client" | "missing_credential" | "refused" | "unreachable" | "carrier_error";
      message: string;
    };

// Shaped like a real number of no carrier in particular; carriers answer "not found" (or "invalid number").
const PROBE_NUMBER = "SW0000000000TEST";

/** Calls the carrier once with these credentials and says what happened, in words for the seller. */
export async function testCarrierConnection(input: {
  carrier: string;
  credentials: Record<string, string>;
  baseUrl?: string | undefined;
  fetch?: typeof fetch;
  timeoutMs?: number;
}): Promise<ConnectionTestResult> {
  const adapter = getCarrier(input.carrier);
  if (!adapter?.createClient)
    return {
      ok: false,
      reason: "no_client",
      message: `${input.carrier} has no tracking API client to test.`,
    };
  const timeoutMs = input.timeoutMs ?? 10_000;
  let client;
  try {
    client = adapter.createClient({
      credentials: input.credentials,
      baseUrl: input.baseUrl,
      fetch: input.fetch,
      timeoutMs,
    });
  } catch (error) {
    return { ok: false, reason: "missing_credential", message: (error as Error).message };
  }
  try {
    const { payloads } = await client.track([PROBE_NUMBER], AbortSignal.timeout(timeoutMs + 1_000));
    const status = payloads[0]?.httpStatus ?? 0;
    if (status === 401 || status === 403)
      return {
        ok: false,
        reason: "refused",
        message: `${adapter.label} refused these credentials (HTTP ${status}).`,
      };
    if (status === 429)
      return {
        ok: true,
        message: `${adapter.label} accepted the credentials but is rate-limiting them now (HTTP 429).`,
      };
    if (status >= 500)
      return {
        ok: false,
        reason: "carrier_error",
        message: `${adapter.label} answered with a server error (HTTP ${status}); try again later.`,
      };
    return { ok: true, message: `Connected: ${adapter.label} accepted the credentials (HTTP ${status}).` };
  } catch (error) {
    const e = error as Error & { httpStatus?: number };
    if (
      e.name === "OAuthTokenError" &&
      (e.httpStatus === 400 || e.httpStatus === 401 || e.httpStatus === 403)
    )
      return {
        ok: false,
        reason: "refused",
        message: `${adapter.label} refused these credentials (${e.message}).`,
      };
    if (e.name === "TimeoutError" || e.name === "AbortError")
      return {
        ok: false,
        reason: "unreachable",
        message: `${adapter.label} did not answer within ${timeoutMs / 1000} s.`,
      };
    return {
      ok: false,
      reason: "unreachable",
      message: `Could not reach ${adapter.label}: ${e.message}`.slice(0, 300),
    };
  }
}
