/** A real SMTP server on loopback (smtp-server) that keeps what it receives and can refuse chosen recipients. */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export interface SmtpSink {
  url: string;
  received: ReceivedMail[];
  /** Recipients answered with this SMTP reply code at RCPT TO. */
  refuse: Map<string, number>;
  /** Recipients whose RCPT TO is never answered (the sender hangs mid-transaction, before its DATA). */
  holdRcpt: Set<string>;
  /**
   * Recipients whose message is kept at the end of its DATA but never answered with 250: the sender wrote the
   * final "." and waits for a confirmation that does not come.
   */
  holdReply: Set<string>;
  /** RCPT TO addresses seen, in order (held ones included). */
  rcptSeen: string[];
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const refuse = new Map<string, number>();
  const holdRcpt = new Set<string>();
  const holdReply = new Set<string>();
  const rcptSeen: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      rcptSeen.push(address.address);
      if (holdRcpt.has(address.address)) return; // never answered
      const code = refuse.get(address.address);
      if (!code) return callback();
      const error = new Error(code >= 500 ? "mailbox unavailable" : "try again later") as Error & {
        responseCode: number;
      };
      error.responseCode = code;
      callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        // The end-of-data arrived: the message is complete and kept, whether or not the reply goes out.
        const to = session.envelope.rcptTo.map((r) => r.address);
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to,
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        if (to.some((address) => holdReply.has(address))) return;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuse,
    holdRcpt,
    holdReply,
    rcptSeen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A header of a raw message (unfolded). */
export function header(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, " ");
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

/** Bytes written as =XX (quoted-printable, RFC 2047 "Q") read back as UTF-8 text. */
const unescapeHex = (text: string) =>
  Buffer.from(
    text.replace(/=([0-9A-F]{2})/gi, (_m: string, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    "latin1",
  ).toString("utf8");

/** A header as a mail client shows it: RFC 2047 encoded words (=?UTF-8?Q?…?= and =?UTF-8?B?…?=) decoded. */
export function decodedHeader(raw: string, name: string): string | undefined {
  return header(raw, name)
    ?.replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?UTF-8\?([QB])\?(.*?)\?=/gi, (_, encoding: string, text: string) =>
      encoding.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : unescapeHex(text.replace(/_/g, " ")),
    );
}

/** A message's raw source with quoted-printable undone (soft line breaks joined, =XX bytes decoded as UTF-8). */
export function decodedBody(raw: string): string {
  return unescapeHex(raw.replace(/=\r?\n/g, ""));
}
