/**
 * `npm run carrier:new ID` — scaffolds src/carriers/ID/ with the standard files and a failing fixture test
 * to fill in. Then register the folder in src/carriers/registry.ts (the script prints the two lines).
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const id = process.argv[2] ?? "";
if (!/^[a-z][a-z0-9_]{1,40}$/.test(id)) {
  console.error("usage: npm run carrier:new <id>   (lower_snake_case, e.g. poste_italiane)");
  process.exit(2);
}
const dir = join("src", "carriers", id);
if (existsSync(dir)) {
  console.error(`${dir} already exists`);
  process.exit(1);
}
const camel = id.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
const Pascal = camel[0]!.toUpperCase() + camel.slice(1);
const files: Record<string, string> = {
  "index.ts": `/** ${Pascal}: TODO name the API this adapter speaks. */
import { defineCarrier } from "../types.js";
import { guardParse } from "../shared/index.js";
import { create${Pascal}Client, ${id.toUpperCase()}_BASE_URL } from "./client.js";
import { parse${Pascal}TrackResponse } from "./parse.js";
import { ${camel}StatusMap } from "./status-map.js";

export default defineCarrier({
  id: "${id}",
  label: "${Pascal}",
  api: "TODO",
  auth: "api_key",
  defaultBaseUrl: ${id.toUpperCase()}_BASE_URL,
  statusMap: ${camel}StatusMap,
  parse: guardParse("${id}", parse${Pascal}TrackResponse),
  createClient: create${Pascal}Client,
});
`,
  "client.ts": `/** The only file that talks to ${Pascal}'s network API. */
import type { CarrierClient, CarrierClientOptions } from "../types.js";
import { batches, carrierRequest, joinUrl, mergeRateLimits, requireCredential, toPayload } from "../shared/index.js";

export const ${id.toUpperCase()}_BASE_URL = "https://TODO";

export function create${Pascal}Client(options: CarrierClientOptions): CarrierClient {
  const apiKey = requireCredential(options.credentials, "apiKey", "${id}");
  const base = options.baseUrl ?? ${id.toUpperCase()}_BASE_URL;
  return {
    batchSize: 1,
    async track(numbers, signal) {
      const responses = [];
      for (const batch of batches(numbers, 1)) {
        const res = await carrierRequest({
          url: joinUrl(base, \`/TODO/\${encodeURIComponent(batch[0]!)}\`),
          method: "GET",
          headers: { authorization: \`Bearer \${apiKey}\` },
          signal,
          fetch: options.fetch,
          now: options.now,
          timeoutMs: options.timeoutMs,
        });
        responses.push(res);
      }
      return { payloads: responses.map((r, i) => toPayload(r, [numbers[i]!])), rateLimit: mergeRateLimits(responses.map((r) => r.rateLimit)) };
    },
  };
}
`,
  "parse.ts": `/** Pure: a ${Pascal} tracking response → normalized results and errors. Never throws. */
import type { ParseOutput } from "../../core/events.js";
import { invalidPayload, parseJsonSafe } from "../shared/index.js";

export function parse${Pascal}TrackResponse(body: string | Buffer): ParseOutput {
  const json = parseJsonSafe(body);
  if (!json.ok) return invalidPayload(\`${id}: \${json.error}\`);
  return invalidPayload("${id}: TODO read the payload");
}
`,
  "status-map.ts": `/** ${Pascal} event codes → Shipwatch statuses. One row per code the carrier publishes, with its meaning. */
import { statusMapFromRows } from "../shared/index.js";

export const ${camel}StatusMap = statusMapFromRows([
  // [carrier code, status, sub-status, "the carrier's own meaning"]
]);
`,
  [`${id}.test.ts`]: `import { describe, expect, it } from "vitest";
import adapter from "./index.js";
import { fixtureCases, runFixture } from "../shared/fixture-table.js";

// Write payloads from the carrier's public documentation into fixtures/ (never copies of ../shared/fixtures),
// write SHIPWATCH_WRITE_EXPECTED=1 to generate the expected files, and read every one before committing.
describe("${id} adapter fixtures", () => {
  it.each(fixtureCases(new URL("./fixtures/", import.meta.url)))("$name", (fixture) => {
    const { actual, expected } = runFixture(adapter, fixture);
    expect(expected, \`missing \${fixture.expectedPath}\`).toBeDefined();
    expect(actual).toEqual(expected);
  });
});
`,
  "fixtures/delivered.json": `{ "TODO": "a delivered shipment's tracking response, written from ${Pascal}'s API documentation" }\n`,
  "fixtures/delivered.expected.json": `{ "results": [ { "trackingNumber": "TODO", "delivered": true } ], "errors": [] }\n`,
};
mkdirSync(join(dir, "fixtures"), { recursive: true });
for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
console.log(`created ${dir}/ (${Object.keys(files).join(", ")})
Its test fails until parse.ts reads fixtures/delivered.json. Register it in src/carriers/registry.ts:
  import ${camel} from "./${id}/index.js";
  ... and add ${camel} to ADAPTERS.`);
