/**
 * Helpdesk tickets through a configurable HTTP action. Presets shape the request the way Zendesk, Gorgias and
 * Freshdesk document their ticket-creation APIs; `custom` fills the seller's JSON body template, each value
 * JSON-escaped. Credentials are the endpoint's configured headers (an Authorization header, usually).
 */
import { z } from "zod";

export const HELPDESK_PRESETS = ["zendesk", "gorgias", "freshdesk", "custom"] as const;
export type HelpdeskPreset = (typeof HELPDESK_PRESETS)[number];

export const helpdeskConfigSchema = z
  .object({
    preset: z.enum(HELPDESK_PRESETS),
    /** Extra request headers (Authorization: Basic …). Stored as given: treat like a secret. */
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,64}$/), z.string().max(2000)).default({}),
    /** custom preset: a JSON body with {{variables}}. */
    bodyTemplate: z.string().max(10_000).optional(),
    /** Ticket tags added to ["shipwatch", <alert kind>]. */
    tags: z.array(z.string().max(50)).max(20).default([]),
    /**
     * A helpdesk connection (zendesk, gorgias): the account and its API credentials. With them Shipwatch opens the
     * ticket itself through the helpdesk's API (one per alert, with the shipment's timeline) and keeps its id and
     * link (src/helpdesk); without them the preset is a plain HTTP action. Stored as given: treat like a secret.
     */
    subdomain: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/i)
      .optional(),
    domain: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/i)
      .optional(),
    /** Zendesk: the agent's e-mail and an API token (basic auth `email/token:apiToken`). */
    email: z.email().optional(),
    apiToken: z.string().min(1).max(200).optional(),
    /** Gorgias: the account's user e-mail and API key (basic auth `username:apiKey`). */
    username: z.string().min(1).max(200).optional(),
    apiKey: z.string().min(1).max(200).optional(),
  })
  .strict();
export type HelpdeskConfig = z.infer<typeof helpdeskConfigSchema>;

interface AlertData {
  id?: string;
  kind?: string;
  severity?: string;
  orderNumber?: string | null;
  carrier?: string;
  trackingNumber?: string;
  customerEmail?: string | null;
  details?: Record<string, unknown>;
}

const TITLES: Readonly<Record<string, string>> = {
  stalled: "Parcel stalled",
  not_picked_up: "Parcel not picked up by the carrier",
  late: "Parcel late",
  failed_attempt: "Delivery attempt failed",
  carrier_exception: "Carrier exception",
  returning: "Parcel returning to sender",
  returned: "Parcel returned to sender",
  presumed_lost: "Parcel presumed lost",
};

/** The plain-text facts of an alert, for a ticket's first message. */
export function ticketText(a: AlertData): { subject: string; body: string } {
  const title = TITLES[a.kind ?? ""] ?? `Shipment alert (${a.kind ?? "unknown"})`;
  const subject = `${title} – order ${a.orderNumber ?? "(none)"}`;
  const details = Object.entries(a.details ?? {})
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`);
  const body = [
    title,
    `Order: ${a.orderNumber ?? "(none)"}`,
    `Carrier: ${a.carrier ?? ""} ${a.trackingNumber ?? ""}`.trim(),
    `Severity: ${a.severity ?? ""}`,
    ...details,
    `Shipwatch alert ${a.id ?? ""}`,
  ].join("\n");
  return { subject, body };
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The JSON body a preset sends for an alert. */
export function helpdeskBody(config: HelpdeskConfig, alert: AlertData): unknown {
  const { subject, body } = ticketText(alert);
  const tags = ["shipwatch", alert.kind ?? "alert", ...config.tags];
  const urgent = alert.severity === "critical";
  switch (config.preset) {
    case "zendesk":
      return {
        ticket: {
          subject,
          comment: { body, public: false },
          priority: urgent ? "urgent" : "normal",
          tags: tags.map((t) => t.replace(/\s+/g, "_")),
          external_id: alert.id,
          ...(alert.customerEmail ? { requester: { email: alert.customerEmail } } : {}),
        },
      };
    case "gorgias":
      return {
        subject,
        external_id: alert.id,
        tags: tags.map((name) => ({ name })),
        ...(alert.customerEmail ? { customer: { email: alert.customerEmail } } : {}),
        messages: [
          {
            channel: "api",
            via: "api",
            from_agent: true,
            subject,
            body_text: body,
            ...(alert.customerEmail ? { receiver: { email: alert.customerEmail } } : {}),
          },
        ],
      };
    case "freshdesk":
      return {
        subject,
        description: escapeHtml(body).replace(/\n/g, "<br>"),
        ...(alert.customerEmail ? { email: alert.customerEmail } : {}),
        priority: urgent ? 4 : 2,
        status: 2,
        source: 2,
        tags,
      };
    case "custom": {
      const vars: Record<string, string> = {
        subject,
        body,
        alertId: alert.id ?? "",
        kind: alert.kind ?? "",
        severity: alert.severity ?? "",
        orderNumber: alert.orderNumber ?? "",
        carrier: alert.carrier ?? "",
        trackingNumber: alert.trackingNumber ?? "",
        customerEmail: alert.customerEmail ?? "",
      };
      // Values go inside JSON strings in the template: JSON-escape them (without the surrounding quotes).
      const filled = (config.bodyTemplate ?? '{"subject":"{{subject}}","body":"{{body}}"}').replace(
        /\{\{\s*(\w+)\s*\}\}/g,
        (whole, name: string) => (vars[name] === undefined ? whole : JSON.stringify(vars[name]).slice(1, -1)),
      );
      return JSON.parse(filled) as unknown;
    }
  }
}
