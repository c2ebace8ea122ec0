import { describe, expect, it } from "vitest";
import { WebhookClaimSize } from "./ingest-webhook.js";

describe("WebhookClaimSize", () => {
  it("claims more jobs when jobs are small and fewer when they are large, in powers of two within the cap", () => {
    const claims = new WebhookClaimSize(400, 64);
    expect(claims.jobs()).toBe(16); // before any batch: jobs assumed a quarter full
    for (let i = 0; i < 20; i++) claims.saw(10, 10); // quiet: one delivery a job
    expect(claims.jobs()).toBe(64);
    for (let i = 0; i < 20; i++) claims.saw(8, 8 * 16); // under load: ~16 a job
    expect(claims.jobs()).toBe(32);
    for (let i = 0; i < 20; i++) claims.saw(4, 400); // full jobs
    expect(claims.jobs()).toBe(4);
    claims.saw(0, 0); // an empty claim changes nothing
    expect(claims.jobs()).toBe(4);
  });
});
