/**
 * Writes docs/carriers.md from the adapter registry, so the table cannot drift from the code:
 * `npm run docs:carriers` (CI checks the committed file is current: test/conformance/carriers-doc.test.ts).
 */
import { writeFileSync } from "node:fs";
import { carrierCapabilities } from "../src/cli/commands/carriers.js";
import { listCarriers } from "../src/carriers/registry.js";

const AUTH: Record<string, string> = {
  oauth2_client_credentials: "OAuth 2 client credentials",
  oauth2_password: "OAuth 2 password grant",
  api_key: "API key",
  basic: "HTTP Basic",
  user_password: "user + password in the request",
  none: "none",
};

/** The markdown of docs/carriers.md for the registered adapters. */
export function carriersMarkdown(): string {
  const rows = listCarriers().map((adapter) => {
    const c = carrierCapabilities(adapter);
    const mode =
      [c.push ? "push (webhook)" : null, c.poll ? "poll" : null].filter(Boolean).join(" + ") || "parse only";
    return `| \`${c.id}\` | ${c.label}${adapter.aggregator ? " (aggregator)" : ""} | ${c.api} | ${AUTH[c.auth] ?? c.auth} | ${mode} | ${c.statusCodesMapped} | ${c.defaultBaseUrl} |`;
  });
  return `# Carriers

Generated from \`src/carriers/registry.ts\` by \`npm run docs:carriers\`; do not edit by hand.

Each adapter is a folder in \`src/carriers/<id>/\` (see [src/carriers/README.md](../src/carriers/README.md)):
a pure \`parse\` of the carrier's tracking API response, a status map with every code the carrier publishes
that we could find (each commented), a \`client\` for the real endpoint (base URL configurable), and a
\`webhook\` verifier where the carrier pushes. Unmapped codes never crash: the event keeps the previous status,
is marked unmapped and counted in \`shipwatch_unmapped_carrier_codes_total{carrier,code}\`.

| id | carrier | API | auth | updates | codes mapped | production base URL |
|---|---|---|---|---|---|---|
${rows.join("\n")}

Try one: \`npx shipwatch parse --carrier ups response.json\`; list them: \`npx shipwatch carriers\`.
`;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  writeFileSync("docs/carriers.md", carriersMarkdown());
  console.log(`docs/carriers.md: ${listCarriers().length} carriers`);
}
