/**
 * UPS push end to end over loopback: a poll round subscribes the seller's open UPS shipments to Track Alert in
 * batches of 100 (taking tokens from the account's bucket), subscribed shipments fall back to the daily safety
 * net, refused numbers keep normal polls, subscriptions are renewed before they lapse, and the emulator's pushes
 * reach shipment state through POST /hooks/{seller}/ups.
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

const BAD = "1ZNOTAVALIDNUMBER"; // 17 characters: UPS refuses it (invalidTrackingNumbers)

let w: PushWorld;
beforeAll(async () => {
  w = await setupPushWorld({ carrier: "ups", count: 104, refused: BAD });
});
afterAll(async () => {
  await w?.close();
});

describe("UPS Track Alert push through the poll round", () => {
  it("subscribes open shipments in batches of 100 to the seller's inbound UPS webhook, counted in the bucket", async () => {
    const now = w.clock.now();
    const report = await pollDue(w.t.db, w.deps);
    expect(report.claimed).toBe(105);
    expect(report.push).toEqual({ requests: 2, subscribed: 104, refused: 1 });
    expect(w.emulator.stats.subscribeRequests.ups).toBe(2);
    const sub = w.emulator.subscriptions.get(`ups:${w.journeys[0]!.trackingNumber}`);
    expect(sub).toMatchObject({ url: `${w.appUrl}/hooks/pushy/ups`, credential: w.secret });
    expect(w.emulator.subscriptions.has(`ups:${BAD}`)).toBe(false);
    // Tracking and subscription requests come out of the same bucket (no refill: the clock did not move).
    expect(await bucketTokens(w)).toBeCloseTo(BURST - report.requests - report.push.requests, 6);
    expect(report.requests).toBe(105); // each still polled once: Track Alert pushes no history
    await expectSubscribedOnSafetyNet(w, now, 14);
  });

  it("does not ask again for refused numbers, and renews a subscription that lapses within two days", async () => {
    const renewedUntil = await renewalRound(w, w.journeys[3]!.trackingNumber);
    expect(renewedUntil).toBe(w.clock.now() + 14 * DAY);
    expect(w.emulator.stats.subscribeRequests.ups).toBe(3);
  });

  it("a pushed scan moves the shipment's last change and its safety-net poll a quiet day past the push", async () => {
    await expectPushMovesSafetyNet(w, 50);
  }, 60_000);

  it("pushed scans reach shipment state through /hooks without a poll, and delivered pushed shipments stop", async () => {
    await expectPushesDeliverWithoutPolls(w);
  }, 180_000);
});
