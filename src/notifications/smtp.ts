/**
 * E-mail over SMTP with nodemailer (a pooled transport: one connection carries many messages). SMTP failures
 * are classified by where they happened: a reply code or a failure before DATA means the message did not
 * leave; a socket dying during or after DATA leaves the outcome unknown.
 */
import nodemailer from "nodemailer";
import { DeliveryError, type EmailChannel, type EmailMessage } from "./channel.js";

interface SmtpFailure {
  message?: string;
  code?: string;
  command?: string;
  responseCode?: number;
}

/** Commands after which a failure proves the message was not accepted. */
const BEFORE_DATA = /^(CONN|EHLO|HELO|LHLO|STARTTLS|AUTH|MAIL|RCPT)/i;

/** How an SMTP failure should be treated (exported for tests). */
export function classifySmtpFailure(error: SmtpFailure): "retryable" | "permanent" | "unknown" {
  if (typeof error.responseCode === "number") return error.responseCode >= 500 ? "permanent" : "retryable";
  if (error.code === "ECONNECTION" || error.code === "ECONNREFUSED" || error.code === "EDNS")
    return "retryable";
  if (error.command && BEFORE_DATA.test(error.command)) return "retryable";
  if (error.code === "EENVELOPE" || error.code === "EMESSAGE") return "permanent";
  return "unknown";
}

/** An SMTP channel for a URL like smtp://user:pass@host:587 or smtps://host:465. */
export function createSmtpChannel(url: string, options: { timeoutMs?: number } = {}): EmailChannel {
  const timeout = options.timeoutMs ?? 30_000;
  const transport = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: 4,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    transport: "smtp",
    async send(message: EmailMessage) {
      try {
        const info = await transport.sendMail({
          from: message.from,
          to: message.to,
          ...(message.replyTo ? { replyTo: message.replyTo } : {}),
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId: message.messageId,
          headers: message.headers,
        });
        return { providerMessageId: String(info.messageId ?? message.messageId) };
      } catch (error) {
        const failure = error as SmtpFailure;
        throw new DeliveryError(
          `SMTP: ${failure.message ?? String(error)}`.slice(0, 500),
          classifySmtpFailure(failure),
        );
      }
    },
    close() {
      transport.close();
    },
  };
}
