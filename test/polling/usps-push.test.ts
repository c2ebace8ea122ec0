/**
 * USPS push end to end over loopback: a poll round subscribes the seller's open USPS shipments to Subscriptions -
 * Tracking one number per request (each taking a token from the account's bucket), with the listener secret derived
 * from the seller's inbound usps endpoint secret; subscribed shipments fall back to the daily safety net, refused
 * numbers keep normal polls, subscriptions are renewed before they lapse, and the emulator's signed notifications
 * reach shipment state through POST /hooks/{seller}/usps.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uspsListenerSecret } from "../../src/carriers/usps/subscriptions.js";
import { pollDue } from "../../src/ingest/polling/poll-shipment.js";
import {
  expectPushMovesSafetyNet,
  expectPushesDeliverWithoutPolls,
  expectSubscribedOnSafetyNet,
  renewalRound,
} from "./push-checks.js";
import { BURST, DAY, bucketTokens, setupPushWorld, type PushWorld } from "./push-world.js";

const COUNT = 24;
const BAD = "9400NOTANUMBER"; // USPS refuses it (an error naming filterProperties.trackingNumber)

let w: PushWorld;
beforeAll(async () => {
  w = await setupPushWorld({ carrier: "usps", count: COUNT, refused: BAD });
});
afterAll(async () => {
  await w?.close();
});

describe("USPS Subscriptions - Tracking push through the poll round", () => {
  it("subscribes open shipments one per request to the seller's inbound USPS webhook, counted in the bucket", async () => {
    const now = w.clock.now();
    const report = await pollDue(w.t.db, w.deps);
    expect(report.claimed).toBe(COUNT + 1);
    expect(report.push).toEqual({ requests: COUNT + 1, subscribed: COUNT, refused: 1 });
    expect(w.emulator.stats.subscribeRequests.usps).toBe(COUNT + 1);
    const sub = w.emulator.subscriptions.get(`usps:${w.journeys[0]!.trackingNumber}`);
    // USPS signs with a 32-character secret: derived from the endpoint's, never the endpoint secret itself.
    expect(w.secret).not.toHaveLength(32);
    expect(sub).toMatchObject({
      url: `${w.appUrl}/hooks/pushy/usps`,
      credential: uspsListenerSecret(w.secret),
    });
    expect(w.emulator.subscriptions.has(`usps:${BAD}`)).toBe(false);
    // Tracking and subscription requests come out of the same bucket (no refill: the clock did not move).
    expect(await bucketTokens(w)).toBeCloseTo(BURST - report.requests - report.push.requests, 6);
    expect(report.requests).toBe(COUNT + 1); // each still polled once: a subscription pushes only what comes next
    await expectSubscribedOnSafetyNet(w, now, 25);
  });

  it("does not ask again for refused numbers, and renews a subscription counted to lapse within two days", async () => {
    const renewedUntil = await renewalRound(w, w.journeys[3]!.trackingNumber);
    expect(renewedUntil).toBe(w.clock.now() + 25 * DAY);
    expect(w.emulator.stats.subscribeRequests.usps).toBe(COUNT + 2);
  });

  it("a pushed scan moves the shipment's last change and its safety-net poll a quiet day past the push", async () => {
    await expectPushMovesSafetyNet(w, COUNT / 2);
  }, 60_000);

  it("pushed scans reach shipment state through /hooks without a poll, and delivered pushed shipments stop", async () => {
    await expectPushesDeliverWithoutPolls(w);
  }, 180_000);
});
