/**
 * FedEx push end to end over loopback: a poll round adds the seller's open FedEx shipments to the account's
 * Advanced Integrated Visibility webhook project (one association job for up to 1000 numbers, its report read
 * back; the request takes a token from the account's bucket), subscribed shipments fall back to the daily safety
 * net, numbers the job report fails keep normal polls, subscriptions are re-added before our horizon lapses, and
 * the emulator's signed pushes (fdx-signature, keyed with the project's security token = the seller's inbound
 * FedEx endpoint secret) reach shipment state through POST /hooks/{seller}/fedex exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pollDue } from "../../src/ingest/polling/poll-shipment.js";
import {
  expectPushMovesSafetyNet,
  expectPushesDeliverWithoutPolls,
  expectSubscribedOnSafetyNet,
  renewalRound,
} from "./push-checks.js";
import { BURST, DAY, bucketTokens, setupPushWorld, type PushWorld } from "./push-world.js";

const BAD = "7000000000X1"; // not digits: the emulated FedEx fails it in the job report
const PROJECT = "aiv-project-1";

let w: PushWorld;
beforeAll(async () => {
  w = await setupPushWorld({
    carrier: "fedex",
    count: 64,
    refused: BAD,
    credentials: { webhookProjectId: PROJECT },
    // The seller's FedEx portal setup: the project pushes to the inbound FedEx endpoint, signed with its secret.
    emulator: (inbound) => ({
      webhookProjects: { [PROJECT]: { url: inbound.url, credential: inbound.secret } },
    }),
  });
});
afterAll(async () => {
  await w?.close();
});

describe("FedEx AIV push through the poll round", () => {
  it("adds open shipments to the account's webhook project in one job, reads its report, counted in the bucket", async () => {
    const now = w.clock.now();
    const report = await pollDue(w.t.db, w.deps);
    expect(report.claimed).toBe(65);
    expect(report.push).toEqual({ requests: 1, subscribed: 64, refused: 1 });
    expect(w.emulator.stats.subscribeRequests.fedex).toBe(1);
    expect(w.emulator.stats.jobRequests.fedex).toBe(1); // the job's report, read right after
    const sub = w.emulator.subscriptions.get(`fedex:${w.journeys[0]!.trackingNumber}`);
    expect(sub).toMatchObject({ url: `${w.appUrl}/hooks/pushy/fedex`, credential: w.secret });
    expect(w.emulator.subscriptions.has(`fedex:${BAD}`)).toBe(false);
    // Tracking and subscription requests come out of the same bucket (no refill: the clock did not move).
    expect(await bucketTokens(w)).toBeCloseTo(BURST - report.requests - report.push.requests, 6);
    // Each still polled once, 30 numbers per Track API request: the subscription pushes only what happens next.
    expect(report.requests).toBe(3);
    await expectSubscribedOnSafetyNet(w, now, 30); // our re-add horizon
  });

  it("does not ask again for refused numbers, and re-adds a subscription whose horizon ends within two days", async () => {
    const renewedUntil = await renewalRound(w, w.journeys[3]!.trackingNumber);
    expect(renewedUntil).toBe(w.clock.now() + 30 * DAY);
    expect(w.emulator.stats.subscribeRequests.fedex).toBe(2);
  });

  it("a pushed scan moves the shipment's last change and its safety-net poll a quiet day past the push", async () => {
    await expectPushMovesSafetyNet(w, 50);
  }, 60_000);

  it("pushed scans reach shipment state through /hooks without a poll, and delivered pushed shipments stop", async () => {
    await expectPushesDeliverWithoutPolls(w);
  }, 180_000);
});
