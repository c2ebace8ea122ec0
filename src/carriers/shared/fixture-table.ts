/**
 * The table-driven fixture test every adapter runs (`<id>.test.ts`): each payload in the adapter's fixtures/
 * folder is parsed and compared with `<payload>.expected.json` next to it; an optional `<payload>.context.json`
 * (`{ "trackingNumbers": [...] }`) is passed as the parse context, for carriers whose bodies omit the number. Run with
 * SHIPWATCH_WRITE_EXPECTED=1 to (re)write the expected files, then review the diff before committing.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ParseOutput } from "../../core/events.js";
import type { CarrierAdapter, ParseContext } from "../types.js";

export interface FixtureCase {
  name: string;
  payloadPath: string;
  expectedPath: string;
}

/** The payload files of a fixtures folder (given as a file URL or path), with their expected-output paths. */
export function fixtureCases(dir: string | URL): FixtureCase[] {
  const folder = dir instanceof URL ? fileURLToPath(dir) : dir;
  return readdirSync(folder)
    .filter((f) => !f.endsWith(".expected.json") && !f.endsWith(".context.json") && !f.startsWith("."))
    .sort()
    .map((name) => ({
      name,
      payloadPath: path.join(folder, name),
      expectedPath: path.join(folder, `${name}.expected.json`),
    }));
}

/** Parses a fixture and returns `{ actual, expected }`; writes the expected file first when asked to. */
export function runFixture(
  adapter: CarrierAdapter,
  fixture: FixtureCase,
): { actual: ParseOutput; expected: unknown } {
  const contextPath = `${fixture.payloadPath}.context.json`;
  const context = existsSync(contextPath)
    ? (JSON.parse(readFileSync(contextPath, "utf8")) as ParseContext)
    : undefined;
  const parsed = adapter.parse(readFileSync(fixture.payloadPath), undefined, context);
  const actual = JSON.parse(JSON.stringify(parsed)) as ParseOutput;
  if (process.env.SHIPWATCH_WRITE_EXPECTED === "1") {
    writeFileSync(fixture.expectedPath, `${JSON.stringify(actual, null, 2)}\n`);
  }
  const expected: unknown = existsSync(fixture.expectedPath)
    ? JSON.parse(readFileSync(fixture.expectedPath, "utf8"))
    : undefined;
  return { actual, expected };
}
