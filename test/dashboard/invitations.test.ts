/**
 * Inviting a teammate by e-mail, end to end: the invitation goes through a real SMTP server on loopback, the link
 * in the received message is opened and accepted, the new member signs in; the link works once, expires, cannot
 * be guessed, and "send again" replaces it. Without SMTP (or when sending fails) the link is shown to pass on.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { header, startSmtpSink, type SmtpSink } from "../notifications/smtp-sink.js";
import {
  acceptInvitation,
  createDashboardWorld,
  signIn,
  type Client,
  type DashboardWorld,
} from "./support.js";

const PUBLIC = "https://ops.acme.test";
let sink: SmtpSink;
let w: DashboardWorld;
let admin: Client;

beforeAll(async () => {
  sink = await startSmtpSink();
  w = await createDashboardWorld({ smtpUrl: sink.url, mailFrom: "team@acme.test", publicUrl: PUBLIC });
  admin = await signIn(w.app, "admin@acme.test");
});
afterAll(async () => {
  await w?.close();
  await sink?.close();
});

/** The message body with quoted-printable soft breaks and escapes undone. */
function decoded(raw: string): string {
  return raw
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function linkIn(raw: string): string {
  const match = new RegExp(`${PUBLIC}(/app/invitations/[A-Za-z0-9_-]+)`).exec(decoded(raw));
  if (!match) throw new Error("no invitation link in the message");
  return match[1]!;
}

const accept = (path: string, password: string) => acceptInvitation(w.app, path, password);

describe("invitations by e-mail", () => {
  it("e-mails a one-time link that the invitee accepts once, then signs in with", async () => {
    const sent = await admin.post("/app/settings/team/invitations", {
      email: "Noor@Example.com",
      role: "support",
    });
    expect(sent.statusCode).toBe(303);
    expect(sink.received).toHaveLength(1);
    const mail = sink.received[0]!;
    expect(mail.to).toEqual(["noor@example.com"]);
    expect(mail.from).toBe("team@acme.test");
    expect(header(mail.raw, "subject")).toBe("admin@acme.test invited you to acme on Shipwatch");
    expect(header(mail.raw, "reply-to")).toBe("admin@acme.test");
    const path = linkIn(mail.raw);
    // The page never shows the link when it was e-mailed: only the invitee has it.
    const team = await admin.get("/app/settings/team");
    expect(team.body).not.toContain(path);
    expect(team.body).toContain("noor@example.com");

    const { form, done } = await accept(path, "a long new password");
    expect(form.body).toContain("noor@example.com");
    expect(done!.statusCode).toBe(303);
    expect(done!.headers.location).toBe("/app");
    const member = await signIn(w.app, "noor@example.com", "a long new password");
    expect((await member.get("/app/account")).body).toContain("(support)");
    expect((await member.get("/app/settings/team")).statusCode).toBe(403);

    const again = await accept(path, "another long password");
    expect(again.form.statusCode).toBe(404);
    const [audit] = await w.db.query<{ data: Record<string, unknown> }>(
      "SELECT data FROM audit_log WHERE seller_id = $1 AND action = 'invitation.created'",
      [w.sellerRecord.id],
    );
    expect(audit!.data).toEqual({ email: "noor@example.com", role: "support", emailed: true });
  });

  it("refuses a link that expired or was made up", async () => {
    await admin.post("/app/settings/team/invitations", { email: "late@example.com", role: "viewer" });
    const path = linkIn(sink.received.at(-1)!.raw);
    await w.db.query(
      "UPDATE invitations SET expires_at = now() - interval '1 second' WHERE email = 'late@example.com'",
    );
    expect((await accept(path, "a long new password")).form.statusCode).toBe(404);
    const forged = `${path.slice(0, -4)}AAAA`;
    expect((await accept(forged, "a long new password")).form.statusCode).toBe(404);
  });

  it("sends again with a new link; the old one stops working", async () => {
    await admin.post("/app/settings/team/invitations", { email: "again@example.com", role: "viewer" });
    const first = linkIn(sink.received.at(-1)!.raw);
    const team = await admin.get("/app/settings/team");
    const id = new RegExp(`/app/settings/team/invitations/([0-9a-f-]{36})/resend`).exec(team.body)![1]!;
    expect((await admin.post(`/app/settings/team/invitations/${id}/resend`)).statusCode).toBe(303);
    const second = linkIn(sink.received.at(-1)!.raw);
    expect(second).not.toBe(first);
    expect((await accept(first, "a long new password")).form.statusCode).toBe(404);
    expect((await accept(second, "a long new password")).done!.statusCode).toBe(303);
  });

  it("shows the link to pass on when the mail server refuses the message", async () => {
    sink.refuse.set("bounce@example.com", 550);
    const page = await admin.post("/app/settings/team/invitations", {
      email: "bounce@example.com",
      role: "viewer",
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("could not be sent");
    const path = /https:\/\/ops\.acme\.test(\/app\/invitations\/[A-Za-z0-9_-]+)/.exec(page.body)![1]!;
    expect((await accept(path, "a long new password")).done!.statusCode).toBe(303);
  });
});

describe("invitations without a mail server", () => {
  it("shows the link once, with a copy button, and sends nothing", async () => {
    const bare = await createDashboardWorld();
    try {
      const owner = await signIn(bare.app, "owner@acme.test");
      const page = await owner.post("/app/settings/team/invitations", {
        email: "solo@example.com",
        role: "admin",
      });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain("No mail server is set up");
      expect(page.body).toMatch(
        /<p class="secret" id="invite-link">http:\/\/localhost:\d+\/app\/invitations\/[A-Za-z0-9_-]{43}<\/p>/,
      );
      expect(page.body).toContain('data-copy="invite-link"');
      expect((await owner.get("/app/settings/team")).body).not.toContain("/app/invitations/");
    } finally {
      await bare.close();
    }
  });
});
