import { describe, expect, it } from "vitest";
import adapter from "./index.js";
import { fixtureCases, runFixture } from "../shared/fixture-table.js";

describe("bpost adapter fixtures", () => {
  it.each(fixtureCases(new URL("./fixtures/", import.meta.url)))("$name", (fixture) => {
    const { actual, expected } = runFixture(adapter, fixture);
    expect(expected, `missing ${fixture.expectedPath}`).toBeDefined();
    expect(actual).toEqual(expected);
  });
});
