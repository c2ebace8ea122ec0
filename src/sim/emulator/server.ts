/**
 * The carrier API emulator as a real local HTTP server (127.0.0.1, random port) and as an in-process `fetch`
 * (same handler, no sockets: for benchmarks). Base URL of a carrier: `${url}/ups`, `${url}/fedex`, `${url}/usps`,
 * `${url}/dhl_express` — pass it as the adapter client's `baseUrl`.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createEmulatorCore,
  type CarrierEmulatorCore,
  type EmulatorOptions,
  type EmulatorStats,
} from "./handler.js";

export interface CarrierEmulatorServer {
  url: string;
  baseUrl(carrier: string): string;
  stats: EmulatorStats;
  subscriptions: CarrierEmulatorCore["subscriptions"];
  /** Pushes subscribed parcels' newly visible scans to their destinations (see the handler). */
  pushDue: CarrierEmulatorCore["pushDue"];
  close(): Promise<void>;
}

function headersOf(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

/** Starts the emulator on 127.0.0.1. */
export async function startCarrierEmulator(options: EmulatorOptions): Promise<CarrierEmulatorServer> {
  const core = createEmulatorCore(options);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      core
        .handle({
          method: req.method ?? "GET",
          url: req.url ?? "/",
          headers: headersOf(req),
          body: Buffer.concat(chunks).toString("utf8"),
        })
        .then((answer) => {
          if (answer.hang) return; // the client's timeout fires; the socket is closed with the server
          res.writeHead(answer.status, answer.headers ?? {});
          res.end(answer.body);
        })
        .catch(() => {
          res.writeHead(500).end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    baseUrl: (carrier) => `${url}/${carrier}`,
    stats: core.stats,
    subscriptions: core.subscriptions,
    pushDue: (fetchImpl) => core.pushDue(fetchImpl),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The emulator as a `fetch` function (base URL `http://carrier-emulator/{carrier}`), for runs without sockets. */
export function createEmulatorFetch(options: EmulatorOptions): {
  fetch: typeof fetch;
  stats: EmulatorStats;
  baseUrl(carrier: string): string;
  subscriptions: CarrierEmulatorCore["subscriptions"];
  pushDue: CarrierEmulatorCore["pushDue"];
} {
  const core = createEmulatorCore(options);
  const emulatorFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
    const answer = await core.handle({
      method: init?.method ?? "GET",
      url: `${url.pathname}${url.search}`,
      headers,
      body: typeof init?.body === "string" ? init.body : "",
    });
    if (answer.hang) {
      // Like a socket that never answers: only the caller's abort signal ends the wait.
      return new Promise<Response>((_, reject) => {
        const signal = init?.signal;
        if (!signal) return;
        if (signal.aborted) reject(signal.reason as Error);
        signal.addEventListener("abort", () => reject(signal.reason as Error), { once: true });
      });
    }
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  };
  return {
    fetch: emulatorFetch as typeof fetch,
    stats: core.stats,
    baseUrl: (carrier) => `http://carrier-emulator/${carrier}`,
    subscriptions: core.subscriptions,
    pushDue: (fetchImpl) => core.pushDue(fetchImpl),
  };
}
