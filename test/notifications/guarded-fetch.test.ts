/** The SSRF-guarded fetch the platform and helpdesk clients use: loopback refused unless allowed, no redirects. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ForbiddenTargetError, guardedFetch } from "../../src/notifications/outbound-http.js";

let server: Server;
let base: string;
const seen: { method?: string; body: string; auth?: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      seen.push({ method: req.method, body, auth: req.headers.authorization });
      if (req.url === "/redirect") {
        res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
        return;
      }
      res.writeHead(201, { "content-type": "application/json", "x-seen": "yes" }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://localhost:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("guardedFetch", () => {
  it("refuses a host that resolves to loopback, before any byte is sent", async () => {
    const before = seen.length;
    await expect(guardedFetch(false)(`${base}/x`)).rejects.toBeInstanceOf(ForbiddenTargetError);
    await expect(guardedFetch(false)("http://127.0.0.1:9/x")).rejects.toThrow(/loopback|127\.0\.0\.1/);
    await expect(guardedFetch(false)("file:///etc/passwd")).rejects.toThrow(/only http and https/);
    expect(seen.length).toBe(before);
  });

  it("speaks like fetch when private targets are allowed (method, headers, body, status, JSON)", async () => {
    const response = await guardedFetch(true)(`${base}/x`, {
      method: "POST",
      headers: { authorization: "Basic abc", "content-type": "application/json" },
      body: '{"a":1}',
      signal: AbortSignal.timeout(5_000),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-seen")).toBe("yes");
    expect(await response.json()).toEqual({ ok: true });
    expect(seen.at(-1)).toEqual({ method: "POST", body: '{"a":1}', auth: "Basic abc" });
  });

  it("returns a redirect as it is instead of following it", async () => {
    const response = await guardedFetch(true)(`${base}/redirect`);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toContain("169.254.169.254");
  });
});
