/** The channels a process uses, from its configuration: SMTP and an SMS API when configured, else the outbox. */
import type { Config } from "../config/index.js";
import { outboxEmail, outboxSms, type EmailChannel, type SmsChannel } from "./channel.js";
import { createSmsChannel } from "./sms.js";
import { createSmtpChannel } from "./smtp.js";

/** E-mail and SMS channels for this configuration (the built-in outbox stands in for what is not set up). */
export function channelsFromConfig(config: Config): { email: EmailChannel; sms: SmsChannel } {
  const email = config.smtpUrl ? createSmtpChannel(config.smtpUrl) : outboxEmail;
  const sms =
    config.smsAccountSid && config.smsAuthToken && config.smsFrom
      ? createSmsChannel({
          baseUrl: config.smsApiUrl,
          accountSid: config.smsAccountSid,
          authToken: config.smsAuthToken,
          from: config.smsFrom,
        })
      : outboxSms;
  return { email, sms };
}
