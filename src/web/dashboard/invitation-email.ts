/**
 * The invitation e-mail: the accept link (a one-time token, stored only hashed, that expires) sent through the
 * same SMTP transport as the shopper notifications (SHIPWATCH_SMTP_URL). Without SMTP there is nothing to send
 * with, and the dashboard shows the link to pass on instead.
 */
import type { Config } from "../../config/index.js";
import type { EmailChannel, EmailMessage } from "../../notifications/channel.js";
import { createSmtpChannel } from "../../notifications/smtp.js";
import { html } from "./html.js";
import { ROLE_LABELS, type Role } from "./roles.js";

export interface InvitationEmailInput {
  invitationId: string;
  to: string;
  role: Role;
  sellerName: string;
  inviterEmail: string;
  link: string;
  expiresAt: Date;
}

/** The message, as text and HTML (every value escaped). */
export function invitationEmail(input: InvitationEmailInput, from: string): EmailMessage {
  const expires = `${input.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  const subject = `${input.inviterEmail} invited you to ${input.sellerName} on Shipwatch`;
  const text = [
    `${input.inviterEmail} invited you to the ${input.sellerName} team on Shipwatch, as ${ROLE_LABELS[input.role]}.`,
    "",
    "Accept the invitation and choose your password:",
    input.link,
    "",
    `The link works once and expires on ${expires}.`,
    "If you did not expect this invitation, ignore this e-mail: nothing happens until the link is used.",
  ].join("\n");
  const body = html`<!doctype html>
    <html lang="en">
      <body style="font-family:system-ui,sans-serif;color:#1d2733">
        <p>
          ${input.inviterEmail} invited you to the <strong>${input.sellerName}</strong> team on Shipwatch, as
          ${ROLE_LABELS[input.role]}.
        </p>
        <p>
          <a
            href="${input.link}"
            style="display:inline-block;padding:10px 16px;background:#1f6f5c;color:#fff;border-radius:4px;text-decoration:none"
            >Accept the invitation</a
          >
        </p>
        <p style="color:#5b6775">
          Or open ${input.link}<br />The link works once and expires on ${expires}. If you did not expect this
          invitation, ignore this e-mail.
        </p>
      </body>
    </html>`;
  const domain = from.split("@")[1] ?? "shipwatch.localhost";
  return {
    from,
    to: input.to,
    replyTo: input.inviterEmail,
    subject,
    text,
    html: body.toString(),
    messageId: `<invitation-${input.invitationId}@${domain}>`,
    headers: { "Auto-Submitted": "auto-generated" },
  };
}

export type InvitationDelivery =
  { sent: true } | { sent: false; reason: "no_smtp" } | { sent: false; reason: "failed"; message: string };

/**
 * Sends the invitation over SMTP when the instance has it configured. `channel` replaces the transport (tests
 * of the failure paths); by default a connection is opened for this message and closed after it.
 */
export async function sendInvitationEmail(
  config: Pick<Config, "smtpUrl" | "mailFrom">,
  input: InvitationEmailInput,
  channel?: EmailChannel,
): Promise<InvitationDelivery> {
  if (!channel && !config.smtpUrl) return { sent: false, reason: "no_smtp" };
  const transport = channel ?? createSmtpChannel(config.smtpUrl!, { timeoutMs: 10_000 });
  try {
    await transport.send(invitationEmail(input, config.mailFrom));
    return { sent: true };
  } catch (error) {
    return { sent: false, reason: "failed", message: (error as Error).message.slice(0, 300) };
  } finally {
    if (!channel) transport.close?.();
  }
}
