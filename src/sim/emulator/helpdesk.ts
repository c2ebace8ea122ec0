/**
 * A local emulator of the Zendesk and Gorgias ticket APIs, for tests and the demo: basic auth checked,
 * `POST /api/v2/tickets.json` and `GET /api/v2/tickets.json?external_id=` (Zendesk), `POST /api/tickets` and
 * `GET /api/tickets?external_id=` (Gorgias), answered in their formats. Faults on demand: failing answers, and
 * a ticket created whose answer is lost (the case that would double tickets without the external-id lookup).
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

export interface HelpdeskEmulator {
  baseUrl: string;
  requests: RecordedRequest[];
  tickets: Record<string, unknown>[];
  /** The next `count` requests answer `status`. */
  failNext(count: number, status?: number): void;
  /** The next ticket creation succeeds but its answer is a 502. */
  loseNextAnswer(): void;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Starts an emulator of one helpdesk on a loopback port; `authorization` is the Basic header it accepts. */
export async function startHelpdeskEmulator(
  provider: "zendesk" | "gorgias",
  authorization: string,
): Promise<HelpdeskEmulator> {
  const requests: RecordedRequest[] = [];
  const tickets: Record<string, unknown>[] = [];
  let failures: { count: number; status: number } = { count: 0, status: 500 };
  let loseAnswer = false;
  let nextId = provider === "zendesk" ? 35_436 : 9_001;
  let baseUrl = "";
  const server: Server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? "/", "http://emulator");
      const body = await readBody(request);
      requests.push({
        method: request.method ?? "",
        path: url.pathname + url.search,
        authorization: request.headers.authorization,
        body,
      });
      const send = (status: number, value: unknown) =>
        response
          .writeHead(status, { "content-type": "application/json; charset=utf-8" })
          .end(JSON.stringify(value));
      if (request.headers.authorization !== authorization)
        return send(
          401,
          provider === "zendesk" ? { error: "Couldn't authenticate you" } : { error: "Unauthorized" },
        );
      if (failures.count > 0) {
        failures.count -= 1;
        return send(failures.status, { error: "Service unavailable" });
      }
      const zendeskPath = url.pathname === "/api/v2/tickets.json";
      const gorgiasPath = url.pathname === "/api/tickets";
      if (!(provider === "zendesk" ? zendeskPath : gorgiasPath)) return send(404, { error: "Not found" });
      if (request.method === "GET") {
        const externalId = url.searchParams.get("external_id");
        const found = tickets.filter((t) => !externalId || t.external_id === externalId);
        return send(
          200,
          provider === "zendesk"
            ? { tickets: found, count: found.length, next_page: null, previous_page: null }
            : { data: found, meta: { next_cursor: null, prev_cursor: null } },
        );
      }
      if (request.method !== "POST") return send(405, { error: "Method not allowed" });
      const id = nextId++;
      const now = new Date().toISOString();
      let ticket: Record<string, unknown>;
      if (provider === "zendesk") {
        const input = ((body as { ticket?: Record<string, unknown> } | undefined)?.ticket ?? {}) as Record<
          string,
          unknown
        >;
        if (!input.comment)
          return send(422, { error: "RecordInvalid", description: "Record validation errors" });
        const comment = input.comment as { body?: string; html_body?: string };
        ticket = {
          url: `${baseUrl}/api/v2/tickets/${id}.json`,
          id,
          external_id: input.external_id ?? null,
          subject: input.subject ?? null,
          description: comment.body ?? "",
          priority: input.priority ?? null,
          status: "new",
          tags: input.tags ?? [],
          created_at: now,
          updated_at: now,
        };
      } else {
        const input = (body ?? {}) as Record<string, unknown>;
        if (!Array.isArray(input.messages) || input.messages.length === 0)
          return send(400, { error: { msg: "messages: a ticket needs at least one message" } });
        ticket = {
          id,
          uri: `/api/tickets/${id}/`,
          external_id: input.external_id ?? null,
          subject: input.subject ?? null,
          channel: input.channel ?? "api",
          status: "open",
          tags: input.tags ?? [],
          messages_count: input.messages.length,
          created_datetime: now,
          updated_datetime: now,
        };
      }
      tickets.push(ticket);
      if (loseAnswer) {
        loseAnswer = false;
        return send(502, { error: "Bad gateway" });
      }
      return send(201, provider === "zendesk" ? { ticket, audit: { id: id * 10, ticket_id: id } } : ticket);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    requests,
    tickets,
    failNext(count, status = 503) {
      failures = { count, status };
    },
    loseNextAnswer() {
      loseAnswer = true;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
