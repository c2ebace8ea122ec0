import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  client,
  cookiesOf,
  createDashboardWorld,
  csrfIn,
  formBody,
  PASSWORD,
  signIn,
  type DashboardWorld,
} from "./support.js";

let w: DashboardWorld;
beforeAll(async () => {
  w = await createDashboardWorld();
});
afterAll(() => w.close());

describe("dashboard sign-in and sessions", () => {
  it("sends a signed-out visitor to sign-in and back, with a httpOnly session cookie", async () => {
    const page = await w.app.inject({ method: "GET", url: "/app/exceptions?kind=late" });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe("/app/sign-in?next=%2Fapp%2Fexceptions%3Fkind%3Dlate");
    const form = await w.app.inject({ method: "GET", url: "/app/sign-in" });
    expect(form.headers["content-security-policy"]).toContain("script-src 'self'");
    const pre = cookiesOf(form);
    const response = await w.app.inject({
      method: "POST",
      url: "/app/sign-in",
      headers: { cookie: pre, "content-type": "application/x-www-form-urlencoded" },
      payload: formBody({
        _csrf: csrfIn(form.body),
        email: "Support@Acme.test ",
        password: PASSWORD,
        next: "/app/exceptions?kind=late",
      }),
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/app/exceptions?kind=late");
    const setCookie = String(response.headers["set-cookie"]);
    expect(setCookie).toMatch(/sw_session=[^;]+; Path=\/app; HttpOnly; SameSite=Lax/);
    const stored = await w.db.query<{ token_hash: string }>("SELECT token_hash FROM dashboard_sessions");
    const token = response.cookies.find((c) => c.name === "sw_session")!.value;
    expect(stored.map((r) => r.token_hash)).not.toContain(token);
  });

  it("refuses a wrong password, and a sign-in form without its CSRF token", async () => {
    const form = await w.app.inject({ method: "GET", url: "/app/sign-in" });
    const pre = cookiesOf(form);
    const wrong = await w.app.inject({
      method: "POST",
      url: "/app/sign-in",
      headers: { cookie: pre, "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
      payload: formBody({ _csrf: csrfIn(form.body), email: "viewer@acme.test", password: "wrong password!" }),
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain("The email or password is not right.");
    const forged = await w.app.inject({
      method: "POST",
      url: "/app/sign-in",
      headers: { cookie: pre, "content-type": "application/x-www-form-urlencoded" },
      payload: formBody({ _csrf: "forged", email: "viewer@acme.test", password: PASSWORD }),
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().code).toBe("SW_ERR_CSRF");
  });

  it("rejects a signed-in form with another session's token or from another origin", async () => {
    const a = await signIn(w.app, "admin@acme.test");
    const b = await signIn(w.app, "support@acme.test");
    const stolen = await a.post(
      "/app/shipments/00000000-0000-0000-0000-000000000000/refresh",
      {},
      { csrf: b.csrf },
    );
    expect(stolen.statusCode).toBe(403);
    const crossSite = await w.app.inject({
      method: "POST",
      url: "/app/sign-out",
      headers: {
        cookie: a.cookie,
        origin: "https://evil.example",
        "content-type": "application/x-www-form-urlencoded",
      },
      payload: formBody({ _csrf: a.csrf }),
    });
    expect(crossSite.statusCode).toBe(403);
    const fetchMetadata = await w.app.inject({
      method: "POST",
      url: "/app/sign-out",
      headers: {
        cookie: a.cookie,
        "sec-fetch-site": "cross-site",
        "content-type": "application/x-www-form-urlencoded",
      },
      payload: formBody({ _csrf: a.csrf }),
    });
    expect(fetchMetadata.statusCode).toBe(403);
    expect((await a.get("/app")).statusCode).toBe(200);
  });

  it("signs out here, and everywhere", async () => {
    const one = await signIn(w.app, "owner@acme.test");
    const two = await signIn(w.app, "owner@acme.test");
    expect((await one.post("/app/sign-out")).statusCode).toBe(303);
    expect((await one.get("/app")).statusCode).toBe(303);
    expect((await two.get("/app")).statusCode).toBe(200);
    const three = await signIn(w.app, "owner@acme.test");
    expect((await three.post("/app/sign-out-everywhere")).statusCode).toBe(303);
    expect((await two.get("/app")).statusCode).toBe(303);
    expect((await three.get("/app")).statusCode).toBe(303);
    const anonymous = client(w.app);
    expect((await anonymous.post("/app/sign-out")).statusCode).toBe(401);
  });

  it("changing the password ends the other sessions", async () => {
    const here = await signIn(w.app, "viewer@acme.test");
    const elsewhere = await signIn(w.app, "viewer@acme.test");
    const bad = await here.post("/app/account/password", {
      current: PASSWORD,
      password: "short",
      confirm: "short",
    });
    expect(bad.statusCode).toBe(400);
    const ok = await here.post("/app/account/password", {
      current: PASSWORD,
      password: "a new long password",
      confirm: "a new long password",
    });
    expect(ok.statusCode).toBe(303);
    expect((await elsewhere.get("/app")).statusCode).toBe(303);
    expect((await here.get("/app")).statusCode).toBe(200);
    await expect(signIn(w.app, "viewer@acme.test")).rejects.toThrow(/401/);
    await signIn(w.app, "viewer@acme.test", "a new long password");
  });
});
