/** Shopper lookups and the tracking page's safety: uniform misses, rate limits, signed links, escaping, CSP. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getSigningSecret } from "../../src/db/repositories/instance-secrets.js";
import { signTrackingToken } from "../../src/web/tracking/links.js";
import { createTestApp, type TestApp } from "../support/app.js";
import {
  ATTRIBUTE_PAYLOAD,
  buildTrackingWorld,
  SCRIPT_PAYLOAD,
  TAG_PAYLOAD,
  type World,
} from "./support/tracking-world.js";

let t: TestApp;
let world: World;
let other: World;

beforeAll(async () => {
  t = await createTestApp();
  world = await buildTrackingWorld(t.db);
  other = await buildTrackingWorld(t.db, "other-shop");
});
afterAll(() => t.close());

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: "GET", url, headers });
const form = (url: string, fields: Record<string, string>, remoteAddress: string) =>
  t.app.inject({
    method: "POST",
    url,
    remoteAddress,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams(fields).toString(),
  });

describe("the lookup page", () => {
  it("renders without script, in the negotiated language, under a strict policy", async () => {
    const res = await get("/track/acme", { "accept-language": "fr-CH, fr;q=0.9, en;q=0.5" });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="fr" class="page">');
    expect(res.body).toContain("Où est ma commande ?");
    expect(res.body).toContain('action="/track/acme/lookup"');
    const csp = String(res.headers["content-security-policy"]);
    for (const directive of [
      "default-src 'none'",
      "script-src 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain("unsafe");
    expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect((await get("/track/acme?lang=de", { "accept-language": "fr" })).body).toContain(
      '<html lang="de" class="page">',
    );
    expect((await get("/track/acme", { "accept-language": "pt-PT" })).body).toContain(
      '<html lang="pt-BR" class="page">',
    );
  });

  it("answers an unknown seller with 404", async () => {
    expect((await get("/track/nobody-here")).statusCode).toBe(404);
    expect((await get("/track/acme/no/such/page")).statusCode).toBe(404);
  });
});

describe("order lookup", () => {
  it("finds an order by number and email (any case, spaces) or postcode, and redirects to a signed link", async () => {
    const o = world.orders.in_transit!;
    const byEmail = await form(
      "/track/acme/lookup",
      { orderNumber: o.number.toLowerCase(), contact: ` ${o.email.toUpperCase()} `, lang: "es" },
      "10.1.0.1",
    );
    expect(byEmail.statusCode).toBe(303);
    expect(byEmail.headers.location).toMatch(/^\/track\/acme\/s\/[A-Za-z0-9_-]+\?lang=es$/);
    const page = await get(String(byEmail.headers.location));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`Pedido ${o.number}`);
    const byPostcode = await form(
      "/track/acme/lookup",
      { orderNumber: `#${o.number}`, contact: o.postcode },
      "10.1.0.2",
    );
    expect(byPostcode.statusCode).toBe(303);
  });

  it("gives the same answer for an unknown order, a wrong email and a wrong postcode", async () => {
    const o = world.orders.delivered!;
    const answers = await Promise.all([
      form("/track/acme/lookup", { orderNumber: "A-9999", contact: o.email }, "10.2.0.1"),
      form("/track/acme/lookup", { orderNumber: o.number, contact: "someone.else@example.com" }, "10.2.0.2"),
      form("/track/acme/lookup", { orderNumber: o.number, contact: "99999" }, "10.2.0.3"),
      // Another seller's order with its right email is unknown here.
      form(
        "/track/acme/lookup",
        { orderNumber: "A-9999", contact: other.orders.delivered!.email },
        "10.2.0.4",
      ),
    ]);
    const normalized = answers.map((res, i) => {
      const echoes = [
        ["A-9999", o.email],
        [o.number, "someone.else@example.com"],
        [o.number, "99999"],
        ["A-9999", other.orders.delivered!.email],
      ][i]!;
      return {
        status: res.statusCode,
        body: res.body.replaceAll(echoes[0]!, "ORDER").replaceAll(echoes[1]!, "CONTACT"),
      };
    });
    expect(normalized[0]!.status).toBe(404);
    expect(normalized[0]!.body).toContain("We could not find an order with these details");
    for (const answer of normalized.slice(1)) expect(answer).toEqual(normalized[0]);
  });

  it("asks for both fields when one is missing", async () => {
    const res = await form("/track/acme/lookup", { orderNumber: "A-1001", contact: " " }, "10.3.0.1");
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('aria-invalid="true"');
  });

  it("limits lookups per order number, whatever the address (429 with Retry-After)", async () => {
    const o = world.orders.exception!;
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      statuses.push(
        (
          await form(
            "/track/acme/lookup",
            { orderNumber: o.number, contact: `guess${i}@example.com` },
            `10.4.0.${i}`,
          )
        ).statusCode,
      );
    }
    expect(statuses.slice(0, 8).every((s) => s === 404)).toBe(true);
    const limited = await form("/track/acme/lookup", { orderNumber: o.number, contact: o.email }, "10.4.1.1");
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(limited.body).toContain("Too many attempts");
  });

  it("limits lookups per client address across order numbers", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      statuses.push(
        (await form("/track/acme/lookup", { orderNumber: `Z-${i}`, contact: "x@example.com" }, "10.5.0.1"))
          .statusCode,
      );
    }
    expect(statuses.slice(0, 20).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
    // Another address is not affected.
    expect(
      (await form("/track/acme/lookup", { orderNumber: "Z-0", contact: "x@example.com" }, "10.5.0.2"))
        .statusCode,
    ).toBe(404);
  });
});

describe("tracking-number lookup", () => {
  it("opens that parcel alone, with no order or personal details", async () => {
    const o = world.orders.hostile!;
    const res = await form(
      "/track/acme/lookup",
      { trackingNumber: o.trackingNumbers[0]!.toLowerCase() },
      "10.6.0.1",
    );
    expect(res.statusCode).toBe(303);
    const page = await get(String(res.headers.location));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(o.trackingNumbers[0]!);
    expect(page.body).not.toContain(o.number);
    expect(page.body).not.toContain("Eve");
    expect(page.body).not.toContain("Delivering to");
    expect(page.body).not.toContain("How was your delivery");
    const miss = await form("/track/acme/lookup", { trackingNumber: "NOPE123" }, "10.6.0.2");
    expect(miss.statusCode).toBe(404);
  });
});

describe("signed links", () => {
  it("refuse tampered, expired and other sellers' tokens with the same answer", async () => {
    const good = await world.link("delivered");
    expect((await get(good)).statusCode).toBe(200);
    const token = good.split("/s/")[1]!.split("?")[0]!;
    const tampered = `${token.slice(0, 10)}${token[10] === "A" ? "B" : "A"}${token.slice(11)}`;
    const secret = await getSigningSecret(t.db);
    const expired = signTrackingToken(secret, {
      scope: "order",
      sellerId: world.sellerId,
      targetId: world.orders.delivered!.id,
      expiresAt: Math.floor(Date.now() / 1000) - 1,
    });
    const otherSellers = (await other.link("delivered")).split("/s/")[1]!.split("?")[0]!;
    const tokens = [tampered, expired, otherSellers, "short"];
    const answers = await Promise.all(tokens.map((tk) => get(`/track/acme/s/${tk}`)));
    for (const res of answers) {
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain("This tracking link has expired or is not valid");
    }
    // The language switcher links to the same URL; apart from the token itself the answers are identical.
    expect(new Set(answers.map((r, i) => r.body.replaceAll(tokens[i]!, "TOKEN"))).size).toBe(1);
  });

  it("sign with one secret per installation, created once", async () => {
    const a = await getSigningSecret(t.db);
    const rows = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM instance_secrets");
    expect(rows[0]!.n).toBe(1);
    expect(a.length).toBe(32);
  });
});

describe("untrusted text", () => {
  it("is escaped in descriptions, places, names and seller texts; unsafe links are dropped", async () => {
    for (const name of ["hostile", "exception", "in_transit"]) {
      const page = await get(await world.link(name));
      expect(page.statusCode).toBe(200);
      for (const payload of [SCRIPT_PAYLOAD, ATTRIBUTE_PAYLOAD, TAG_PAYLOAD, "javascript:"]) {
        expect(page.body).not.toContain(payload);
      }
      // Payload text may appear escaped; no real tag may carry an event handler or come from a payload.
      const tags = page.body.match(/<[a-zA-Z][^>]*>/g) ?? [];
      expect(tags.filter((tag) => /\son[a-z]+=/i.test(tag) || /<img src=x/.test(tag))).toEqual([]);
    }
    const hostile = (await get(await world.link("hostile"))).body;
    expect(hostile).toContain(
      "Eve &lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;&quot; onmouseover=&quot;alert(1)&quot;",
    );
    expect(hostile).toContain("Paris &#39;&gt;&lt;img src=x onerror=alert(2)&gt;");
    expect(hostile).toContain("Acme &lt;script&gt;");
  });

  it("is plain data in the JSON endpoint", async () => {
    const link = await world.link("hostile");
    const res = await get(link.replace("/s/", "/api/s/"));
    expect(res.statusCode).toBe(200);
    expect(res.headers["access-control-allow-origin"]).toBe("*");
    const body = res.json();
    expect(body.order.firstName).toContain(SCRIPT_PAYLOAD);
    expect(JSON.stringify(body)).not.toMatch(/@example\.com|75003|\+33/);
    expect(body.seller.links).toEqual([
      { label: `Returns ${ATTRIBUTE_PAYLOAD}`, url: "https://acme.example/returns" },
    ]);
  });
});
