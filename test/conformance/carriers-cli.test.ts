/** `shipwatch parse` and `shipwatch carriers` (DESIGN.md CLI contracts), run in-process with captured IO. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { CliIO } from "../../src/cli/command.js";
import { carriersCommand } from "../../src/cli/commands/carriers.js";
import { parseCommand } from "../../src/cli/commands/parse.js";

const ADAPTERS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../src/carriers");

async function run(command: typeof parseCommand, argv: string[]) {
  let stdout = "";
  let stderr = "";
  const io: CliIO = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {} };
  const code = await command.run(argv, io);
  return { code, stdout, stderr };
}

describe("shipwatch parse --carrier ID FILE", () => {
  it("prints {results, errors} with the contract's fields and exits 0", async () => {
    const { code, stdout, stderr } = await run(parseCommand, [
      "--carrier",
      "ups",
      path.join(ADAPTERS, "ups/fixtures/delivered_with_gmt_offset.json"),
    ]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const out = JSON.parse(stdout) as { results: Record<string, unknown>[]; errors: unknown[] };
    expect(Object.keys(out)).toEqual(["results", "errors"]);
    const result = out.results[0] ?? {};
    for (const key of [
      "trackingNumber",
      "carrier",
      "status",
      "substatus",
      "delivered",
      "estimatedDelivery",
      "signedBy",
      "service",
      "events",
    ]) {
      expect(result).toHaveProperty(key);
    }
    const event = (result.events as Record<string, unknown>[])[0] ?? {};
    for (const key of ["occurredAt", "localTime", "code", "description", "location", "status", "substatus"])
      expect(event).toHaveProperty(key);
    expect(event.occurredAt).toBe("2025-03-06T14:12:03-05:00");
    expect(event.location).toMatchObject({
      city: "Atlanta",
      region: "GA",
      postalCode: "30303",
      country: "US",
      text: expect.any(String),
    });
  });

  it("exits 0 for a carrier error response (the file was understood)", async () => {
    const { code, stdout } = await run(parseCommand, [
      "--carrier=fedex",
      path.join(ADAPTERS, "fedex/fixtures/unauthorized.json"),
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      results: [],
      errors: [
        {
          code: "unauthorized",
          message: "Access token expired. Please modify your request and try again.",
          carrierCode: "NOT.AUTHORIZED.ERROR",
        },
      ],
    });
  });

  it("exits non-zero with one line on stderr when the file is not a payload of that carrier", async () => {
    const { code, stdout, stderr } = await run(parseCommand, [
      "--carrier",
      "usps",
      path.join(ADAPTERS, "fedex/fixtures/legacy_trackreply.xml"),
    ]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/not a USPS payload/);
  });

  it("passes --tracking-number to carriers whose responses do not name the parcel (DPD)", async () => {
    const file = path.join(ADAPTERS, "dpd/fixtures/tracking_without_parcel_number.xml");
    const without = await run(parseCommand, ["--carrier", "dpd", file]);
    expect(without.code).toBe(0);
    expect(JSON.parse(without.stdout)).toMatchObject({ results: [], errors: [{ code: "carrier_error" }] });
    const { code, stdout } = await run(parseCommand, [
      "--carrier",
      "dpd",
      "--tracking-number",
      "01234567890123",
      file,
    ]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as {
      results: { trackingNumber: string; status: string }[];
      errors: unknown[];
    };
    expect(Object.keys(out)).toEqual(["results", "errors"]);
    expect(out.results[0]).toMatchObject({ trackingNumber: "01234567890123", status: "out_for_delivery" });
    expect((await run(parseCommand, ["--carrier", "dpd", file, "--tracking-number"])).code).toBe(2);
  });

  it("rejects unknown carriers, missing files and bad usage with one line and a non-zero code", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sw-parse-"));
    const file = path.join(dir, "x.json");
    writeFileSync(file, "{}");
    for (const argv of [
      ["--carrier", "nope", file],
      ["--carrier", "ups", path.join(dir, "missing.json")],
      [file],
      ["--carrier", "ups"],
    ]) {
      const { code, stderr } = await run(parseCommand, argv);
      expect(code, argv.join(" ")).not.toBe(0);
      expect(stderr.trim().split("\n")).toHaveLength(1);
    }
  });
});

describe("shipwatch carriers", () => {
  it("lists every adapter with api, auth, push/poll and mapped status codes", async () => {
    const { code, stdout } = await run(carriersCommand, ["--json"]);
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as {
      id: string;
      poll: boolean;
      push: boolean;
      auth: string;
      statusCodesMapped: number;
    }[];
    expect(rows.map((r) => r.id)).toEqual(
      expect.arrayContaining(["ups", "fedex", "usps", "usps_international", "dhl_express"]),
    );
    const ups = rows.find((r) => r.id === "ups");
    expect(ups).toMatchObject({ auth: "oauth2_client_credentials", poll: true, push: true });
    expect(ups?.statusCodesMapped).toBeGreaterThan(150);
    const table = await run(carriersCommand, []);
    expect(table.stdout.split("\n")[0]).toMatch(/^id\s+label\s+api\s+auth\s+push\s+poll\s+codes$/);
    expect((await run(carriersCommand, ["--bogus"])).code).toBe(2);
  });
});
