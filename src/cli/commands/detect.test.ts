import { describe, expect, it } from "vitest";
import type { CliIO } from "../command.js";
import { detectCommand } from "./detect.js";

function fakeIO(): CliIO & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    env: {},
    stdout: (text: string) => void (io.out += text),
    stderr: (text: string) => void (io.err += text),
  };
  return io;
}

// 900000000005 is a valid FedEx Express (12) number (3*9 = 27; 27 mod 11 = 5) whose DHL Identcode check fails;
// 900000000060 satisfies both (see src/carriers/detect/detect.test.ts).
describe("shipwatch detect", () => {
  it("prints DESIGN.md's shape as a JSON array with --json, one object per number", async () => {
    const io = fakeIO();
    const code = await detectCommand.run(["--json", "9000 0000 0005", "nonsense"], io);
    expect(code).toBe(0);
    expect(JSON.parse(io.out)).toEqual([
      {
        trackingNumber: "900000000005",
        carrier: "fedex",
        candidates: [
          { carrier: "fedex", format: "fedex_12", checksumValid: true },
          { carrier: "dhl_parcel_de", format: "dhl_paket_identcode", checksumValid: false },
        ],
      },
      { trackingNumber: "NONSENSE", carrier: null, candidates: [] },
    ]);
    expect(io.err).toBe("");
  });

  it("keeps carrier null for an ambiguous number unless --prefer settles it", async () => {
    const plain = fakeIO();
    await detectCommand.run(["--json", "900000000060"], plain);
    expect(JSON.parse(plain.out)[0].carrier).toBeNull();

    const preferred = fakeIO();
    await detectCommand.run(["--json", "--prefer", "dhl_parcel_de,ups", "900000000060"], preferred);
    expect(JSON.parse(preferred.out)[0].carrier).toBe("dhl_parcel_de");
  });

  it("prints a readable table without --json", async () => {
    const io = fakeIO();
    expect(await detectCommand.run(["900000000005", "900000000060", "x"], io)).toBe(0);
    const lines = io.out.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^TRACKING NUMBER\s+CARRIER\s+CANDIDATES$/);
    expect(lines[1]).toMatch(
      /^900000000005\s+fedex\s+fedex\/fedex_12 valid, dhl_parcel_de\/\S+ check digit fails$/,
    );
    expect(lines[2]).toMatch(/^900000000060\s+\(ambiguous\)/);
    expect(lines[3]).toMatch(/^X\s+\(unknown\)\s+-$/);
  });

  it("exits 2 with the usage on bad arguments", async () => {
    for (const argv of [[], ["--json"], ["--bogus", "123"], ["--prefer"]]) {
      const io = fakeIO();
      expect(await detectCommand.run(argv, io)).toBe(2);
      expect(io.err).toContain("usage: shipwatch detect");
      expect(io.out).toBe("");
    }
  });
});
