/**
 * A small pool of SMTP connections (nodemailer's SMTPConnection) that streams each message as the DATA the
 * connection pipes in after the server's 354 — and only then. nodemailer's own pooled transport reads a message
 * stream as soon as it is handed one, before MAIL FROM, which would let the sender record its hand-off while
 * the envelope is still being negotiated; here the first read of the stream is the start of DATA.
 */
import type { Readable } from "node:stream";
import SMTPConnection from "nodemailer/lib/smtp-connection";
import { parseConnectionUrl } from "nodemailer/lib/shared";

export interface SmtpPoolOptions {
  maxConnections: number;
  timeoutMs: number;
  /** Messages one connection carries before it is closed and replaced. */
  maxMessages?: number;
}

interface Resource {
  connection: SMTPConnection;
  messages: number;
  /** The server or the network closed it. */
  dead: boolean;
  /** Its place in the pool was given back (exactly once). */
  retired: boolean;
}

/** A failure with the SMTP reply code and the command it answered, as nodemailer reports it. */
export interface SmtpError extends Error {
  code?: string;
  command?: string;
  responseCode?: number;
}

export class SmtpConnectionPool {
  private readonly idle: Resource[] = [];
  private readonly waiting: (() => void)[] = [];
  private open = 0;
  private closed = false;
  private readonly settings: ReturnType<typeof parseConnectionUrl>;
  private readonly auth: { user: string; pass: string } | undefined;

  constructor(
    url: string,
    private readonly options: SmtpPoolOptions,
  ) {
    const timeout = options.timeoutMs;
    const parsed = new URL(url);
    this.auth = parsed.username
      ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) }
      : undefined;
    this.settings = {
      ...parseConnectionUrl(url),
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    };
  }

  /**
   * Sends one message. `message` is read only once the server has accepted DATA; `started()` tells whether it
   * was (a reused connection the server had dropped fails before that, and is retried once on a fresh one).
   */
  async send(envelope: { from: string; to: string[] }, message: () => Readable): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const resource = await this.acquire();
      const reused = resource.messages > 0;
      let read = false;
      const stream = message();
      // Piping the stream into the DATA resumes it (a 'readable' listener would start reading it now).
      stream.once("resume", () => (read = true));
      try {
        await new Promise<void>((resolve, reject) =>
          resource.connection.send(envelope, stream, (error) => (error ? reject(error) : resolve())),
        );
        resource.messages += 1;
        this.release(resource, "clean");
        return;
      } catch (error) {
        const failure = error as SmtpError;
        // A reply code refusing the envelope or the message leaves a usable session (after RSET).
        const refused =
          typeof failure.responseCode === "number" &&
          failure.responseCode !== 421 &&
          (failure.code === "EENVELOPE" || failure.code === "EMESSAGE");
        this.release(resource, refused ? "needs_reset" : "broken");
        if (reused && !read && !refused && attempt === 0) continue;
        throw error;
      }
    }
  }

  close(): void {
    this.closed = true;
    for (const resource of this.idle.splice(0)) resource.connection.quit();
  }

  private async acquire(): Promise<Resource> {
    for (;;) {
      if (this.closed) throw Object.assign(new Error("SMTP pool closed"), { code: "ECONNECTION" });
      const idle = this.idle.pop();
      if (idle && !idle.dead) return idle;
      if (idle) continue;
      if (this.open < this.options.maxConnections) break;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.open += 1;
    try {
      return await this.connect();
    } catch (error) {
      this.open -= 1;
      this.waiting.shift()?.();
      throw error;
    }
  }

  private async connect(): Promise<Resource> {
    const connection = new SMTPConnection(this.settings);
    const resource: Resource = { connection, messages: 0, dead: false, retired: false };
    const gone = () => {
      resource.dead = true;
      const at = this.idle.indexOf(resource);
      // An idle connection the server closed frees its place; one in use is dropped when its send fails.
      if (at >= 0) {
        this.idle.splice(at, 1);
        this.retire(resource);
      }
    };
    connection.on("error", gone);
    connection.on("end", gone);
    try {
      await new Promise<void>((resolve, reject) =>
        connection.connect((error) => (error ? reject(error) : resolve())),
      );
      const auth = this.auth;
      if (auth) {
        await new Promise<void>((resolve, reject) =>
          connection.login(auth, (error) => (error ? reject(error) : resolve())),
        );
      }
    } catch (error) {
      resource.retired = true; // acquire() gives its place back
      connection.close();
      throw error;
    }
    return resource;
  }

  /** After a send: back to the pool (after an RSET when a refusal left a transaction open), or closed. */
  private release(resource: Resource, state: "clean" | "needs_reset" | "broken"): void {
    const spent = resource.messages >= (this.options.maxMessages ?? 100);
    if (state === "broken" || resource.dead || this.closed || spent) return this.drop(resource);
    if (state === "clean") return this.park(resource);
    resource.connection.reset((error) =>
      error || resource.dead ? this.drop(resource) : this.park(resource),
    );
  }

  private park(resource: Resource): void {
    this.idle.push(resource);
    this.waiting.shift()?.();
  }

  private drop(resource: Resource): void {
    resource.dead = true;
    resource.connection.close();
    this.retire(resource);
  }

  private retire(resource: Resource): void {
    if (resource.retired) return;
    resource.retired = true;
    this.open -= 1;
    this.waiting.shift()?.();
  }
}
