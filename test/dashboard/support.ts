/** A real app with a seller, one dashboard user per role, and a signed-in client helper. */
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { createUser, type UserRole } from "../../src/db/repositories/users.js";
import { hashPassword } from "../../src/web/dashboard/password.js";
import { ROLES } from "../../src/web/dashboard/roles.js";
import { createTestApp, type TestApp, type TestSeller } from "../support/app.js";

export const PASSWORD = "correct horse battery";

export interface Client {
  cookie: string;
  csrf: string;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(
    url: string,
    form?: Record<string, string | string[]>,
    o?: { csrf?: string | null },
  ): Promise<LightMyRequestResponse>;
}

/** Cookies a response sets, as a Cookie header (removals dropped). */
export function cookiesOf(response: LightMyRequestResponse, prior = ""): string {
  const jar = new Map(
    prior
      .split("; ")
      .filter(Boolean)
      .map((c) => [c.split("=")[0]!, c] as const),
  );
  for (const c of response.cookies) {
    if (c.value === "" || c.maxAge === 0) jar.delete(c.name);
    else jar.set(c.name, `${c.name}=${encodeURIComponent(c.value)}`);
  }
  return [...jar.values()].join("; ");
}

export function csrfIn(body: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(body);
  if (!match) throw new Error("no CSRF field in the page");
  return match[1]!;
}

export function formBody(form: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(form))
    for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
  return params.toString();
}

/** A client that carries cookies and the CSRF token; `anonymous()` is one that never signed in. */
export function client(app: FastifyInstance, cookie = "", csrf = ""): Client {
  const c: Client = {
    cookie,
    csrf,
    get: (url, headers = {}) =>
      app.inject({ method: "GET", url, headers: { cookie: c.cookie, accept: "text/html", ...headers } }),
    post: (url, form = {}, o = {}) => {
      const token = o.csrf === undefined ? c.csrf : o.csrf;
      return app.inject({
        method: "POST",
        url,
        headers: {
          cookie: c.cookie,
          "content-type": "application/x-www-form-urlencoded",
          accept: "text/html",
        },
        payload: formBody(token === null ? form : { _csrf: token, ...form }),
      });
    },
  };
  return c;
}

/** Signs in through the real form (pre-session CSRF cookie included) and returns a client for the session. */
export async function signIn(app: FastifyInstance, email: string, password = PASSWORD): Promise<Client> {
  const form = await app.inject({ method: "GET", url: "/app/sign-in" });
  const pre = cookiesOf(form);
  const response = await app.inject({
    method: "POST",
    url: "/app/sign-in",
    headers: { cookie: pre, "content-type": "application/x-www-form-urlencoded" },
    payload: formBody({ _csrf: csrfIn(form.body), email, password, next: "/app" }),
  });
  if (response.statusCode !== 303)
    throw new Error(`sign-in failed: ${response.statusCode} ${response.body.slice(0, 200)}`);
  const cookie = cookiesOf(response, pre);
  const home = await app.inject({ method: "GET", url: "/app/account", headers: { cookie } });
  return client(app, cookie, csrfIn(home.body));
}

/**
 * Opens an invitation link and, when it shows its form, accepts it with a name and password as the invitee would.
 * `done` is undefined when the link did not open (expired, used, forged).
 */
export async function acceptInvitation(app: FastifyInstance, path: string, password: string, name = "Noor") {
  const form = await app.inject({ method: "GET", url: path, headers: { accept: "text/html" } });
  if (form.statusCode !== 200) return { form, done: undefined };
  const done = await app.inject({
    method: "POST",
    url: path,
    headers: {
      cookie: cookiesOf(form),
      "content-type": "application/x-www-form-urlencoded",
      accept: "text/html",
    },
    payload: formBody({ _csrf: csrfIn(form.body), name, password, confirm: password }),
  });
  return { form, done };
}

export interface DashboardWorld extends TestApp {
  sellerRecord: TestSeller;
  users: Record<UserRole, { id: string; email: string }>;
}

/** A test app with a seller "acme" and one user per role (password PASSWORD); `overrides` go to loadConfig. */
export async function createDashboardWorld(
  overrides: Parameters<typeof createTestApp>[0] = {},
): Promise<DashboardWorld> {
  const t = await createTestApp(overrides);
  const seller = await t.seller("acme", { timeZone: "UTC" });
  const hash = await hashPassword(PASSWORD);
  const users = {} as DashboardWorld["users"];
  for (const role of ROLES) {
    const user = await createUser(t.db, {
      sellerId: seller.id,
      email: `${role}@acme.test`,
      name: role,
      role,
      passwordHash: hash,
    });
    users[role] = { id: user!.id, email: user!.email };
  }
  return Object.assign(t, { sellerRecord: seller, users });
}
