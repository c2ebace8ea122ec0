/**
 * What a channel (SMTP, an SMS API, the built-in outbox) promises the sender: a provider message id on success,
 * or a DeliveryError that says whether the message certainly did not leave (safe to retry) or might have (never
 * retried: a second message is worse than a missing one the operator can see and resend).
 */

export interface EmailMessage {
  from: string;
  to: string;
  replyTo?: string | undefined;
  subject: string;
  text: string;
  html: string;
  /** Stable per notification, so a receiving system can recognise a duplicate. */
  messageId: string;
  headers: Record<string, string>;
}

export interface SmsMessage {
  to: string;
  body: string;
}

export interface SendResult {
  providerMessageId: string;
}

/**
 * Called by a channel at its point of no return: just before the bytes that make the provider accept the
 * message (the SMTP end-of-data, the SMS API request). The sender records it; if it throws (the worker lost
 * its claim on the message to another), the channel must abandon the message without completing it.
 */
export type HandOff = () => Promise<void>;

export type DeliveryOutcome =
  /** Refused before it left and may succeed later (connection refused, 4xx, 429, 5xx of an HTTP API). */
  | "retryable"
  /** Refused for good (550 mailbox unknown, invalid number). */
  | "permanent"
  /** Unknown whether it left (timeout after the data was written): never retried automatically. */
  | "unknown"
  /**
   * The whole message left (the SMTP end-of-data was written) but no answer came back: the server holds it in
   * all likelihood (RFC 5321 §6.1 puts the responsibility on it from there). Counted as sent, never retried.
   */
  | "unconfirmed";

export class DeliveryError extends Error {
  override name = "DeliveryError";
  constructor(
    message: string,
    readonly outcome: DeliveryOutcome,
  ) {
    super(message);
  }
}

export interface EmailChannel {
  readonly transport: "smtp" | "outbox";
  send(message: EmailMessage, handOff?: HandOff): Promise<SendResult>;
  close?(): void;
}

export interface SmsChannel {
  readonly transport: "sms" | "outbox";
  send(message: SmsMessage, handOff?: HandOff): Promise<SendResult>;
}

/**
 * The built-in outbox (no SMTP or SMS provider configured, as in the demo): the message is "sent" by keeping
 * its rendered form on the notification row, where the dashboard and the API show it. It has no point of no
 * return: writing the row is the sending, so a worker that dies before that simply leaves it to be done again.
 */
export const outboxEmail: EmailChannel = {
  transport: "outbox",
  send: async (message) => ({ providerMessageId: `outbox:${message.messageId}` }),
};

export const outboxSms: SmsChannel = {
  transport: "outbox",
  send: async () => ({ providerMessageId: `outbox:sms` }),
};
