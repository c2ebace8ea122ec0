/**
 * The one way a seller-configured URL is called (outgoing webhooks, helpdesk actions), guarded against SSRF:
 * http and https only; the host is resolved and every address it resolves to must be public
 * (target-address.ts) unless private targets are allowed; the connection goes to the very address that was
 * checked (the check is the socket's own DNS lookup, so a second answer cannot rebind it to 127.0.0.1); redirects
 * are never followed (a 3xx is a failed delivery, logged with its Location).
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { forbiddenAddressReason } from "./target-address.js";

/** A seller URL this server may not call, and why. */
export class ForbiddenTargetError extends Error {
  override name = "ForbiddenTargetError";
  readonly code = "EFORBIDDENTARGET";
}

const ALLOW_HINT = "set SHIPWATCH_ALLOW_PRIVATE_WEBHOOK_TARGETS=true to allow private targets";

/** Why a URL can never be called whatever it resolves to (scheme, literal address), or null. */
export function urlProblem(url: string, allowPrivate: boolean): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "it is not a URL";
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    return `${parsed.protocol.replace(/:$/, "")} URLs are not allowed, only http and https`;
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  if (!host) return "it has no host";
  if (isIP(host) && !allowPrivate) {
    const why = forbiddenAddressReason(host);
    if (why) return `${host} is ${why} (${ALLOW_HINT})`;
  }
  return null;
}

/** A socket lookup that resolves every address of the host and refuses the lot if one is forbidden. */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  type Callback = (error: Error | null, address?: string | LookupAddress[], family?: number) => void;
  return ((hostname: string, options: { family?: number; all?: boolean }, callback: Callback) => {
    dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error);
      if (!allowPrivate) {
        for (const a of addresses) {
          const why = forbiddenAddressReason(a.address);
          if (why)
            return callback(
              new ForbiddenTargetError(`${hostname} resolves to ${a.address}, ${why} (${ALLOW_HINT})`),
            );
        }
      }
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  }) as LookupFunction;
}

/**
 * Why a URL a seller is configuring may not be called, or null: its shape, then the addresses its host
 * resolves to now. A host that does not resolve (yet) is accepted: every delivery is checked again.
 */
export async function targetProblem(url: string, allowPrivate: boolean): Promise<string | null> {
  const shape = urlProblem(url, allowPrivate);
  if (shape || allowPrivate) return shape;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) return null;
  const lookup = guardedLookup(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), 3_000);
    lookup(host, { all: true }, (error) => {
      clearTimeout(timer);
      resolve(error instanceof ForbiddenTargetError ? error.message : null);
    });
  });
}

export interface OutboundResponse {
  status: number;
  /** The first 500 characters of the body (the delivery log's excerpt). */
  excerpt: string;
  location: string | null;
}

/** POSTs a body to a seller URL through the guard; throws ForbiddenTargetError or the network's error. */
export async function postToTarget(
  url: string,
  request: { headers: Record<string, string>; body: string; timeoutMs: number; allowPrivate: boolean },
): Promise<OutboundResponse> {
  const response = await guardedFetch(request.allowPrivate)(url, {
    method: "POST",
    headers: request.headers,
    body: request.body,
    signal: AbortSignal.timeout(request.timeoutMs),
  });
  return {
    status: response.status,
    excerpt: (await response.text()).slice(0, 500),
    location: response.headers.get("location"),
  };
}

/**
 * A `fetch` for seller-configured hosts (shop sites, helpdesks) with the same guard: the scheme and literal
 * address are checked, the socket connects to the address its own guarded lookup approved, and a redirect is
 * returned as it is (never followed). String bodies only, which is all the platform clients send.
 */
export function guardedFetch(allowPrivate: boolean): typeof fetch {
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const problem = urlProblem(url, allowPrivate);
    if (problem) throw new ForbiddenTargetError(`${url}: ${problem}`);
    const target = new URL(url);
    const client = target.protocol === "https:" ? https : http;
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const body = typeof init.body === "string" ? init.body : undefined;
    if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
    return new Promise<Response>((resolve, reject) => {
      const req = client.request(
        target,
        {
          method: init.method ?? "GET",
          headers,
          lookup: guardedLookup(allowPrivate),
          ...(init.signal ? { signal: init.signal } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => {
            const responseHeaders = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              if (Array.isArray(value)) value.forEach((v) => responseHeaders.append(name, v));
              else if (value !== undefined) responseHeaders.set(name, value);
            }
            const status = res.statusCode ?? 502;
            const nullBody = status === 204 || status === 304 || (status >= 100 && status < 200);
            resolve(
              new Response(nullBody ? null : Buffer.concat(chunks), {
                status,
                statusText: res.statusMessage ?? "",
                headers: responseHeaders,
              }),
            );
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  }) as typeof fetch;
}
