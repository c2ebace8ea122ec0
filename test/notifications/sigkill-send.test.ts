/**
 * Fault: the notification sender is a real worker process (`shipwatch serve --role worker` on the PostgreSQL
 * server, sending through a real SMTP server on loopback) killed with SIGKILL in the middle of sending, then
 * started again. One message was stuck before its DATA (RCPT never answered), one had its end-of-data written
 * and waited for the server's 250, one went through. After the restart every message has reached the SMTP server
 * exactly once: the first is sent again by the new worker (nothing of it was kept), the second is not (the
 * server holds it), and no row is left half-way. The restarted worker then drains on SIGTERM (exit 0).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/db.js";
import { eventually } from "../jobs/support.js";
import { startSmtpSink, type SmtpSink } from "./smtp-sink.js";
import { makeParcel, makeSeller, notificationsOf, scan } from "./world.js";

const url = process.env.TEST_DATABASE_URL;
// A worker process cannot share the embedded database: this test runs in the PostgreSQL pass.
const runs = Boolean(url);

function startWorkerProcess(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ["bin/shipwatch.js", "serve", "--role", "worker"], {
    env: { ...process.env, PORT: "0", LOG_LEVEL: "error", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.exitCode !== null || child.signalCode !== null
      ? resolve({ code: child.exitCode, signal: child.signalCode })
      : child.once("exit", (code, signal) => resolve({ code, signal })),
  );

describe.skipIf(!runs)(
  runs
    ? "a notification worker killed with SIGKILL mid-send"
    : "SIGKILL sender test (skipped: it needs TEST_DATABASE_URL, a PostgreSQL server; CI sets it)",
  () => {
    let db: TestDatabase;
    let smtp: SmtpSink;
    let jobsSchema: string;
    const children: ChildProcess[] = [];
    beforeAll(async () => {
      db = await createTestDatabase();
      smtp = await startSmtpSink();
    }, 60_000);
    afterAll(async () => {
      for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
      if (jobsSchema) await db.query(`DROP SCHEMA IF EXISTS ${jobsSchema} CASCADE`);
      await db?.destroy();
      await smtp?.close();
    });

    it("sends every message exactly once", async () => {
      const seller = await makeSeller(db, "killed-sender");
      await db.query("INSERT INTO notification_settings (seller_id, policy) VALUES ($1, $2::jsonb)", [
        seller,
        JSON.stringify({ burstWindowSeconds: 0, quietHours: null, staleAfterHours: 0 }),
      ]);
      const [{ schema }] = (await db.query<{ schema: string }>("SELECT current_schema() AS schema")) as [
        { schema: string },
      ];
      jobsSchema = `${schema}_jobs`;
      const env = {
        DATABASE_URL: `${url}${url!.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
        SHIPWATCH_JOBS_SCHEMA: jobsSchema,
        SHIPWATCH_SMTP_URL: smtp.url,
        SHIPWATCH_NOTIFICATION_LEASE_SECONDS: "5",
      };
      const stuck = await makeParcel(db, seller, { email: "stuck-before-data@example.com", phone: null });
      const handed = await makeParcel(db, seller, { email: "handed-over@example.com", phone: null });
      const plain = await makeParcel(db, seller, { email: "plain@example.com", phone: null });
      smtp.holdRcpt.add("stuck-before-data@example.com");
      smtp.holdReply.add("handed-over@example.com");
      const pickup = { at: "2026-03-02T18:00:00Z", status: "in_transit", substatus: "picked_up" };
      for (const parcel of [stuck, handed, plain]) await scan(db, seller, parcel, [pickup]);
      const received = (address: string) => smtp.received.filter((m) => m.to.includes(address)).length;

      const first = startWorkerProcess(env);
      children.push(first);
      const plainSent = async () => (await notificationsOf(db, plain.shipmentId))[0]!.status === "sent";
      await eventually(
        async () =>
          smtp.rcptSeen.includes("stuck-before-data@example.com") &&
          received("handed-over@example.com") === 1 &&
          (await plainSent()),
        60_000,
      );
      const [mid] = await db.query<{ sending: number; handed: number }>(
        `SELECT count(*) FILTER (WHERE status = 'sending')::int AS sending,
           count(*) FILTER (WHERE status = 'sending' AND handoff_at IS NOT NULL)::int AS handed
         FROM notifications WHERE seller_id = $1`,
        [seller],
      );
      expect(mid).toEqual({ sending: 2, handed: 1 });
      first.kill("SIGKILL");
      expect((await exited(first)).signal).toBe("SIGKILL");
      smtp.holdRcpt.clear();
      smtp.holdReply.clear();

      const second = startWorkerProcess(env);
      children.push(second);
      // The dead worker's lease (5 s) runs out; the new worker settles both rows on its scheduled run.
      await eventually(async () => {
        const rows = await db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM notifications WHERE seller_id = $1 AND status = 'sent'",
          [seller],
        );
        return rows[0]!.n === 3;
      }, 60_000);
      second.kill("SIGTERM");
      expect(await exited(second)).toEqual({ code: 0, signal: null });

      expect(received("stuck-before-data@example.com")).toBe(1);
      expect(received("handed-over@example.com")).toBe(1);
      expect(received("plain@example.com")).toBe(1);
      const state = async (shipmentId: string) => {
        const [row] = await notificationsOf(db, shipmentId);
        return { status: row!.status, reason: row!.reason };
      };
      expect(await state(stuck.shipmentId)).toEqual({ status: "sent", reason: null });
      expect(await state(handed.shipmentId)).toEqual({ status: "sent", reason: "unconfirmed" });
      expect(await state(plain.shipmentId)).toEqual({ status: "sent", reason: null });
      // Claims: the stuck message twice (the dead worker, then the new one), the others once.
      const [attempts] = await db.query<{ total: number }>(
        "SELECT sum(attempts)::int AS total FROM notifications WHERE seller_id = $1",
        [seller],
      );
      expect(attempts!.total).toBe(4);
    }, 180_000);
  },
);
