/**
 * The only code that talks to helpdesk APIs. Zendesk: `POST /api/v2/tickets.json` with `{ ticket }` (answer 201
 * `{ ticket: { id, … } }`), found again with `GET /api/v2/tickets.json?external_id=`. Gorgias: `POST /api/tickets`
 * (answer 201, the ticket with its `id`), found again with `GET /api/tickets?external_id=`. Both use basic auth.
 */
import type { HelpdeskConnection } from "./connection.js";
import type { TicketContent } from "./ticket-content.js";

export interface TicketRequest {
  externalId: string;
  content: TicketContent;
  customerEmail: string | null;
  tags: readonly string[];
  urgent: boolean;
}

export interface OpenedTicket {
  id: string;
  /** The agent's link to the ticket. */
  url: string;
}

export class HelpdeskError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = "HelpdeskError";
  }
}

async function call(
  conn: HelpdeskConnection,
  method: "GET" | "POST",
  path: string,
  body: unknown,
  timeoutMs: number,
  fetchFn: typeof fetch,
): Promise<unknown> {
  const response = await fetchFn(`${conn.baseUrl}${path}`, {
    method,
    headers: {
      authorization: conn.authorization,
      accept: "application/json",
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      "user-agent": "Shipwatch-Helpdesk/1",
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    redirect: "manual",
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  if (response.status < 200 || response.status >= 300)
    throw new HelpdeskError(
      `${conn.provider} ${method} ${path.split("?")[0]}: HTTP ${response.status} ${text.slice(0, 200)}`,
      response.status,
    );
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HelpdeskError(`${conn.provider} answered something that is not JSON`, response.status);
  }
}

const agentUrl = (conn: HelpdeskConnection, id: string) =>
  conn.provider === "zendesk" ? `${conn.baseUrl}/agent/tickets/${id}` : `${conn.baseUrl}/app/ticket/${id}`;

const idOf = (value: unknown): string | null => {
  const id = (value as { id?: unknown } | undefined)?.id;
  return typeof id === "number" || (typeof id === "string" && id) ? String(id) : null;
};

/** The ticket already opened under this external id, if any (a creation whose answer was lost). */
export async function findTicket(
  conn: HelpdeskConnection,
  externalId: string,
  timeoutMs = 10_000,
  fetchFn: typeof fetch = fetch,
): Promise<OpenedTicket | null> {
  const q = `external_id=${encodeURIComponent(externalId)}`;
  const answer = (await call(
    conn,
    "GET",
    conn.provider === "zendesk" ? `/api/v2/tickets.json?${q}` : `/api/tickets?${q}`,
    undefined,
    timeoutMs,
    fetchFn,
  )) as { tickets?: unknown[]; data?: unknown[] };
  const list = (conn.provider === "zendesk" ? answer.tickets : answer.data) ?? [];
  const id = idOf(list.find((t) => (t as { external_id?: unknown }).external_id === externalId));
  return id ? { id, url: agentUrl(conn, id) } : null;
}

/** The request body each helpdesk documents for a new ticket (an internal note carrying the timeline). */
export function ticketBody(conn: HelpdeskConnection, r: TicketRequest): unknown {
  const { subject, text, html } = r.content;
  if (conn.provider === "zendesk") {
    return {
      ticket: {
        subject,
        // Private: the timeline is for agents; html_body wins over body where both are given.
        comment: { body: text, html_body: html, public: false },
        priority: r.urgent ? "urgent" : "normal",
        tags: r.tags.map((t) => t.replace(/\s+/g, "_")),
        external_id: r.externalId,
        ...(r.customerEmail ? { requester: { email: r.customerEmail } } : {}),
      },
    };
  }
  return {
    subject,
    external_id: r.externalId,
    channel: "api",
    via: "api",
    tags: r.tags.map((name) => ({ name })),
    ...(r.customerEmail ? { customer: { email: r.customerEmail } } : {}),
    messages: [
      {
        channel: "internal-note",
        via: "api",
        from_agent: true,
        public: false,
        subject,
        body_text: text,
        body_html: html,
        ...(r.customerEmail ? { receiver: { email: r.customerEmail } } : {}),
      },
    ],
  };
}

/** Opens the ticket and returns its id and agent link. */
export async function createTicket(
  conn: HelpdeskConnection,
  r: TicketRequest,
  timeoutMs = 10_000,
  fetchFn: typeof fetch = fetch,
): Promise<OpenedTicket> {
  const answer = await call(
    conn,
    "POST",
    conn.provider === "zendesk" ? "/api/v2/tickets.json" : "/api/tickets",
    ticketBody(conn, r),
    timeoutMs,
    fetchFn,
  );
  const id = idOf(conn.provider === "zendesk" ? (answer as { ticket?: unknown }).ticket : answer);
  if (!id) throw new HelpdeskError(`${conn.provider} created a ticket but its answer has no id`, null);
  return { id, url: agentUrl(conn, id) };
}
