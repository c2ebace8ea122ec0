/** HubWatch, pure: sentinels at occupied hubs, and a closure seen on one parcel pulling the others forward. */
import { describe, expect, it } from "vitest";
import { HubWatch, type SeenScan, type WatchedShipment } from "../../src/ingest/polling/hub-watch.js";

const M = 60_000;
const parcel = (id: number, destinationCity = "Atlanta"): WatchedShipment => ({
  id,
  carrier: "ups",
  originCity: "Nashville",
  destinationCity,
});
const scan = (city: string, substatus: string | null, occurredAt: number): SeenScan => ({
  status: substatus === "weather_delay" ? "exception" : "in_transit",
  substatus,
  city,
  occurredAt,
});

describe("HubWatch", () => {
  const options = { tickMinutes: 30, closureHours: 12, watchArrivals: true, sentinels: true };

  it("keeps one sentinel per occupied hub: the parcel that arrived last", () => {
    const watch = new HubWatch(options);
    watch.afterLook(parcel(1), [scan("Louisville", "arrived_at_facility", 0)], "in_transit", 10 * M);
    watch.afterLook(parcel(2), [scan("Louisville", "arrived_at_facility", 5 * M)], "in_transit", 20 * M);
    watch.afterLook(parcel(3), [scan("Atlanta", "arrived_at_facility", 5 * M)], "in_transit", 20 * M);
    expect(watch.tick(30 * M)).toEqual([{ id: 2, at: 30 * M, reason: "sentinel at Louisville" }]);
  });

  it("pulls every parcel inside a hub forward when one shows a weather delay there, and watches their lane", () => {
    const watch = new HubWatch(options);
    watch.afterLook(parcel(1), [scan("Louisville", "arrived_at_facility", 0)], "in_transit", 10 * M);
    watch.afterLook(parcel(2), [scan("Louisville", "arrived_at_facility", 0)], "in_transit", 10 * M);
    watch.afterLook(parcel(4), [scan("Nashville", "departed_facility", 0)], "in_transit", 10 * M);
    const looks = watch.afterLook(
      parcel(1),
      [scan("Louisville", "weather_delay", 40 * M)],
      "exception",
      60 * M,
    );
    expect(looks).toEqual([{ id: 2, at: 61 * M, reason: "closure at Louisville" }]);
    // While closed: no sentinel, but parcel 2 (not showing it yet) and parcel 4 (same lane, not there yet).
    expect(watch.tick(90 * M).map((l) => l.id)).toEqual([2, 4]);
    watch.afterLook(parcel(2), [scan("Louisville", "weather_delay", 70 * M)], "exception", 90 * M);
    expect(watch.tick(120 * M).map((l) => l.id)).toEqual([4]);
    // Twelve hours after the newest weather scan the hub counts as open again.
    expect(watch.tick(90 * M + 12 * 60 * M).map((l) => l.reason)).toEqual(["sentinel at Louisville"]);
  });
});
