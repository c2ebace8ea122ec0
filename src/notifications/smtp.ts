/**
 * E-mail over SMTP with nodemailer's SMTP connection (pooled in smtp-pool.ts: one connection carries many
 * messages). The message is composed first and streamed as DATA; the stream ends — and the final "." that makes the server take the
 * message is written — only once the sender has recorded its hand-off (channel.ts `HandOff`). So the outcome of
 * a failure is known by where it happened: before the end-of-data the server cannot have kept the message (safe
 * to retry, RFC 5321 §4.1.1.4); after it without a reply, it almost surely did (unconfirmed, never resent).
 */
import { Readable } from "node:stream";
import addressparser from "nodemailer/lib/addressparser";
import MailComposer from "nodemailer/lib/mail-composer";
import { DeliveryError, type EmailChannel, type EmailMessage, type HandOff } from "./channel.js";
import { SmtpConnectionPool } from "./smtp-pool.js";

interface SmtpFailure {
  message?: string;
  code?: string;
  command?: string;
  responseCode?: number;
}

/** Commands after which a failure proves the message was not accepted. */
const BEFORE_DATA = /^(CONN|EHLO|HELO|LHLO|STARTTLS|AUTH|MAIL|RCPT)/i;

/**
 * How an SMTP failure should be treated (exported for tests). `endOfDataSent`: the final "." had been written
 * when it failed; without it nothing the server received can become a message.
 */
export function classifySmtpFailure(
  error: SmtpFailure,
  endOfDataSent = true,
): "retryable" | "permanent" | "unknown" | "unconfirmed" {
  if (typeof error.responseCode === "number") return error.responseCode >= 500 ? "permanent" : "retryable";
  if (error.code === "ECONNECTION" || error.code === "ECONNREFUSED" || error.code === "EDNS")
    return "retryable";
  if (error.command && BEFORE_DATA.test(error.command)) return "retryable";
  if (error.code === "EENVELOPE" || error.code === "EMESSAGE") return "permanent";
  return endOfDataSent ? "unconfirmed" : "retryable";
}

/** The bare address of a header value like `"Shop" <orders@shop.example>`. */
function bareAddress(value: string): string {
  const [first] = addressparser(value, { flatten: true });
  return first && "address" in first && first.address ? first.address : value;
}

/** The message as MIME bytes (what nodemailer would stream itself). */
function compose(message: EmailMessage): Promise<Buffer> {
  return new MailComposer({
    from: message.from,
    to: message.to,
    ...(message.replyTo ? { replyTo: message.replyTo } : {}),
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: message.messageId,
    headers: message.headers,
  })
    .compile()
    .build();
}

/**
 * The DATA stream: the message, then — once `handOff` has resolved — its end, which nodemailer follows with the
 * end-of-data. A rejected hand-off destroys the stream: nodemailer drops the connection mid-DATA.
 */
function dataStream(bytes: Buffer, handOff: HandOff | undefined, state: { endSent: boolean }): Readable {
  let started = false;
  return new Readable({
    read() {
      if (started) return;
      started = true;
      this.push(bytes);
      (handOff ?? (async () => undefined))().then(
        () => {
          state.endSent = true;
          this.push(null);
        },
        (error: unknown) => this.destroy(error instanceof Error ? error : new Error(String(error))),
      );
    },
  });
}

/** An SMTP channel for a URL like smtp://user:pass@host:587 or smtps://host:465. */
export function createSmtpChannel(
  url: string,
  options: { timeoutMs?: number; maxConnections?: number } = {},
): EmailChannel {
  const pool = new SmtpConnectionPool(url, {
    maxConnections: options.maxConnections ?? 16,
    timeoutMs: options.timeoutMs ?? 30_000,
  });
  return {
    transport: "smtp",
    async send(message: EmailMessage, handOff?: HandOff) {
      const bytes = await compose(message);
      const state = { endSent: false };
      let handOffError: unknown;
      const guarded: HandOff | undefined = handOff
        ? () =>
            handOff().catch((error: unknown) => {
              handOffError = error;
              throw error;
            })
        : undefined;
      try {
        await pool.send({ from: bareAddress(message.from), to: [message.to] }, () =>
          dataStream(bytes, guarded, state),
        );
        return { providerMessageId: message.messageId };
      } catch (error) {
        // The sender refused the hand-off: the message was abandoned before its end, nothing was sent.
        if (handOffError) throw handOffError;
        const failure = error as SmtpFailure;
        throw new DeliveryError(
          `SMTP: ${failure.message ?? String(error)}`.slice(0, 500),
          classifySmtpFailure(failure, state.endSent),
        );
      }
    },
    close() {
      pool.close();
    },
  };
}
