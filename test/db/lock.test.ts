import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { acquireDataDirLock, DataDirLockedError } from "../../src/db/lock.js";

const dir = mkdtempSync(join(tmpdir(), "shipwatch-lock-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [resolve("bin/shipwatch.js"), ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("close", (code) => done({ code, stderr }));
  });
}

describe("data folder lock", () => {
  it("a second process on the same folder fails with a clear message", async () => {
    const lock = acquireDataDirLock(dir);
    try {
      const result = await runCli(["migrate"], { SHIPWATCH_DATA_DIR: dir, DATABASE_URL: "" });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/in use by another Shipwatch process \(pid \d+/);
    } finally {
      lock.release();
    }
  });

  it("in one process, the folder cannot be opened twice; a released lock can be taken again", () => {
    const lock = acquireDataDirLock(dir);
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    lock.release();
    acquireDataDirLock(dir).release();
  });

  it("a lock left by a dead process is taken over", async () => {
    const { writeFileSync } = await import("node:fs");
    writeFileSync(join(dir, "shipwatch.lock"), "999999");
    const lock = acquireDataDirLock(dir);
    lock.release();
  });
});
