/**
 * SMS through a Twilio-style HTTP API: POST {base}/2010-04-01/Accounts/{sid}/Messages.json, form-encoded
 * To/From/Body, HTTP Basic auth, 201 with a message `sid`. Twilio's answer to a bad request is a JSON error
 * with a numeric code (21211 invalid number, 21610 the recipient replied STOP): permanent. 429 and 5xx are
 * answered before a message is created: retryable. A timeout after the request went out: unknown.
 */
import { DeliveryError, type HandOff, type SendResult, type SmsChannel, type SmsMessage } from "./channel.js";

export interface SmsProviderConfig {
  /** e.g. https://api.twilio.com (a local emulator in tests and development). */
  baseUrl: string;
  accountSid: string;
  authToken: string;
  /** Sender number (E.164) or alphanumeric sender id. */
  from: string;
  timeoutMs?: number;
}

/** A Twilio-compatible SMS channel. */
export function createSmsChannel(config: SmsProviderConfig): SmsChannel {
  const url = `${config.baseUrl.replace(/\/$/, "")}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}/Messages.json`;
  const auth = `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString("base64")}`;
  return {
    transport: "sms",
    async send(message: SmsMessage, handOff?: HandOff): Promise<SendResult> {
      let response: Response;
      // The request is the point of no return: the provider may create the message as soon as it arrives.
      await handOff?.();
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ To: message.to, From: config.from, Body: message.body }).toString(),
          signal: AbortSignal.timeout(config.timeoutMs ?? 15_000),
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code;
        const refused = cause === "ECONNREFUSED" || cause === "ENOTFOUND" || cause === "EAI_AGAIN";
        throw new DeliveryError(
          `SMS API unreachable: ${cause ?? (error as Error).message}`,
          refused ? "retryable" : "unknown",
        );
      }
      const text = await response.text();
      let body: { sid?: string; code?: number; message?: string } = {};
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        // A proxy's HTML error page: the status code decides.
      }
      if (response.status === 200 || response.status === 201) {
        if (!body.sid) throw new DeliveryError("SMS API accepted the message without a sid", "unknown");
        return { providerMessageId: body.sid };
      }
      const detail = `SMS API ${response.status}${body.code ? ` (${body.code})` : ""}: ${body.message ?? text.slice(0, 200)}`;
      const retryable = response.status === 429 || response.status >= 500;
      throw new DeliveryError(detail, retryable ? "retryable" : "permanent");
    },
  };
}
