/**
 * A self-hosted installation's first seller, made with `shipwatch seller create`: the printed admin key works on
 * the API, the printed link lets the owner choose a password and sign in, and the same link works once.
 * `shipwatch seller invite` gives an owner who lost access a new link. Bad input is a usage error, nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSeller } from "../../src/cli/commands/seller.js";
import { trackingPageLines } from "../../src/cli/commands/serve.js";
import type { CliIO } from "../../src/cli/command.js";
import { loadConfig } from "../../src/config/index.js";
import { acceptInvitation, signIn } from "../dashboard/support.js";
import { bearer, createTestApp, type TestApp } from "../support/app.js";

const PUBLIC = "https://track.acme.test";
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ publicUrl: PUBLIC });
});
afterAll(() => t.close());

async function cli(...argv: string[]) {
  let out = "";
  let err = "";
  const io: CliIO = { stdout: (s) => (out += s), stderr: (s) => (err += s), env: {} };
  const code = await runSeller(t.db, loadConfig({}, { publicUrl: PUBLIC }), argv, io);
  return { code, out, err };
}

/** The status of accepting an invitation link with a name and password, as the owner would. */
async function accept(path: string, password: string) {
  const { form, done } = await acceptInvitation(t.app, path, password, "Ada");
  return done?.statusCode ?? form.statusCode;
}

const linkIn = (text: string) => new RegExp(`${PUBLIC}(/app/invitations/[A-Za-z0-9_-]+)`).exec(text)?.[1];

describe("shipwatch seller", () => {
  it("creates a seller whose printed key and owner link work, and writes it in the audit trail", async () => {
    const made = await cli(
      "create",
      "--name",
      "Zoë's Outdoor & Co.",
      "--owner",
      "Ada@Acme.test",
      "--time-zone",
      "Europe/Berlin",
    );
    expect(made.code).toBe(0);
    expect(made.out).toContain(
      'Seller "Zoë\'s Outdoor & Co." created (slug zoe-s-outdoor-co, time zone Europe/Berlin).',
    );
    expect(made.out).toContain(`Tracking page   ${PUBLIC}/track/zoe-s-outdoor-co`);
    const key = /Admin API key {3}(sw_[A-Za-z0-9_-]+)/.exec(made.out)![1]!;
    const seller = await t.app.inject({ method: "GET", url: "/v1/seller", headers: bearer(key) });
    expect(seller.statusCode).toBe(200);
    expect(seller.json()).toMatchObject({ slug: "zoe-s-outdoor-co", name: "Zoë's Outdoor & Co." });
    // An admin key: it may make keys of its own.
    const keys = await t.app.inject({
      method: "POST",
      url: "/v1/api-keys",
      headers: { ...bearer(key), "content-type": "application/json" },
      payload: JSON.stringify({ name: "shop", scopes: ["write"] }),
    });
    expect(keys.statusCode).toBe(201);

    const link = linkIn(made.out)!;
    expect(await accept(link, "a long enough password")).toBe(303);
    const owner = await signIn(t.app, "ada@acme.test", "a long enough password");
    const team = await owner.get("/app/settings/team");
    expect(team.statusCode).toBe(200);
    expect(team.body).toContain("ada@acme.test");
    // The owner reads who made the seller in the audit trail.
    const trail = await owner.get("/app/settings/audit");
    expect(trail.body).toContain("Seller created");
    expect(trail.body).toContain("Command line");
    // The link works once.
    expect(await accept(link, "another long password")).not.toBe(303);

    const [audit] = await t.db.query<{ actor: string; action: string; data: Record<string, unknown> }>(
      "SELECT actor, action, data FROM audit_log WHERE action = 'seller.create'",
    );
    expect(audit).toMatchObject({ actor: "cli", data: { slug: "zoe-s-outdoor-co", owner: "ada@acme.test" } });
    expect(JSON.stringify(audit)).not.toContain(key);
  });

  it("gives a locked-out owner a new link", async () => {
    const again = await cli("invite", "--seller", "zoe-s-outdoor-co", "--email", "ada@acme.test");
    expect(again.code).toBe(0);
    expect(again.out).toContain("for ada@acme.test as owner of Zoë's Outdoor & Co.");
    expect(linkIn(again.out)).toBeDefined();
    const nobody = await cli("invite", "--seller", "nobody", "--email", "x@acme.test");
    expect(nobody).toMatchObject({ code: 1, out: "" });
    expect(nobody.err).toContain('no seller "nobody"');
    expect(
      (await cli("invite", "--seller", "zoe-s-outdoor-co", "--email", "x@acme.test", "--role", "king")).code,
    ).toBe(2);
  });

  it("has `serve` print the sellers' tracking pages, or how to make the first seller", () => {
    expect(trackingPageLines("https://t.test", [])).toEqual([
      "  Tracking page   https://t.test/track/<seller>   (no seller yet: npx shipwatch seller create --name NAME --owner EMAIL)",
    ]);
    expect(trackingPageLines("https://t.test", ["acme", "zoe"])).toEqual([
      "  Tracking page   https://t.test/track/acme",
      "                  https://t.test/track/zoe",
    ]);
    expect(trackingPageLines("https://t.test", ["a1", "b2", "c3", "d4"])).toHaveLength(4);
  });

  it("refuses bad input and a slug in use, and writes nothing", async () => {
    const before = await t.db.query("SELECT id FROM sellers");
    const cases: [string[], number, string][] = [
      [["create", "--owner", "a@acme.test"], 2, "--name is required"],
      [["create", "--name", "Shop", "--owner", "not-an-address"], 2, "--owner must be an e-mail address"],
      [["create", "--name", "Shop", "--owner", "a@acme.test", "--slug", "Bad_Slug"], 2, "is not usable"],
      [
        ["create", "--name", "Shop", "--owner", "a@acme.test", "--time-zone", "Mars/Olympus"],
        2,
        "not an IANA",
      ],
      [
        ["create", "--name", "Other", "--owner", "a@acme.test", "--slug", "zoe-s-outdoor-co"],
        1,
        "exists already",
      ],
      [["create", "--name", "Shop", "--owner", "a@acme.test", "--colour", "red"], 2, "Unknown option"],
      [["delete"], 2, 'unknown action "delete"'],
    ];
    for (const [argv, code, message] of cases) {
      const result = await cli(...argv);
      expect(result.code, argv.join(" ")).toBe(code);
      expect(result.err, argv.join(" ")).toContain(message);
    }
    expect(await t.db.query("SELECT id FROM sellers")).toEqual(before);
  });
});
