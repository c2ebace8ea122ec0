/**
 * A local emulator of Twilio's Messages API (the part we use): POST /2010-04-01/Accounts/{sid}/Messages.json,
 * form-encoded, HTTP Basic auth; 201 with a message sid, or Twilio's JSON errors.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface EmulatedSms {
  sid: string;
  to: string;
  from: string;
  body: string;
}

export interface TwilioEmulator {
  url: string;
  accountSid: string;
  authToken: string;
  messages: EmulatedSms[];
  /** Numbers answered with an error: 400 → Twilio 21211 invalid number; 500/503/429 → that status. */
  failFor: Map<string, number>;
  close(): Promise<void>;
}

export async function startTwilioEmulator(): Promise<TwilioEmulator> {
  const accountSid = "AC00000000000000000000000000000001";
  const authToken = "test-auth-token";
  const messages: EmulatedSms[] = [];
  const failFor = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
      if (req.headers.authorization !== expectedAuth)
        return reply(401, { code: 20003, message: "Authenticate", status: 401 });
      if (req.method !== "POST" || req.url !== `/2010-04-01/Accounts/${accountSid}/Messages.json`)
        return reply(404, { code: 20404, message: "The requested resource was not found", status: 404 });
      const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      const to = form.get("To") ?? "";
      const failure = failFor.get(to);
      if (failure === 400)
        return reply(400, {
          code: 21211,
          message: `The 'To' number ${to} is not a valid phone number.`,
          status: 400,
        });
      if (failure) return reply(failure, { code: 20500, message: "Internal Server Error", status: failure });
      if (!to || !form.get("From") || !form.get("Body"))
        return reply(400, { code: 21604, message: "A 'To' phone number is required.", status: 400 });
      const sid = `SM${String(messages.length + 1).padStart(32, "0")}`;
      messages.push({ sid, to, from: form.get("From")!, body: form.get("Body")! });
      reply(201, {
        sid,
        status: "queued",
        to,
        from: form.get("From"),
        body: form.get("Body"),
        num_segments: "1",
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    messages,
    failFor,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
