import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { carriersMarkdown } from "../../scripts/carriers-doc.js";

describe("docs/carriers.md", () => {
  it("is current with the adapter registry (regenerate with npm run docs:carriers)", () => {
    expect(readFileSync("docs/carriers.md", "utf8")).toBe(carriersMarkdown());
  });
});
