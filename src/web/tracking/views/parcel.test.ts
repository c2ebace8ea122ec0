import { describe, expect, it } from "vitest";
import { translator } from "../../i18n/index.js";
import type { DeliveryWindowChange } from "../delivery-window.js";
import type { ShipmentView } from "../model.js";
import type { ViewContext } from "./layout.js";
import { parcelCard } from "./parcel.js";

const ctx: ViewContext = {
  lang: "en",
  t: translator("en"),
  brand: {
    id: "b",
    slug: "acme",
    name: "Acme",
    logoUrl: null,
    primaryColor: "#225522",
    helpText: null,
    links: [],
    supportEmail: null,
    supportUrl: null,
    customDomain: null,
    returnSettings: {},
  },
  basePath: "/track/acme",
  embed: false,
  currentPath: "/track/acme",
  assets: { css: "/a.css", js: "/a.js" },
};

function parcel(
  latest: string,
  earliest: string,
  history: DeliveryWindowChange[],
  state: Partial<ShipmentView> = { status: "in_transit", substatus: null },
): string {
  const view: ShipmentView = {
    direction: "outbound",
    carrier: "ups",
    carrierName: "UPS",
    carrierUrl: null,
    trackingNumber: "1Z0000000000000000",
    service: null,
    status: "in_transit",
    substatus: null,
    steps: [],
    window: { current: { earliest, latest, source: "prediction", confidence: 0.8 }, history },
    late: false,
    stalledDays: null,
    needsHelp: false,
    deliveredAt: null,
    scans: [],
    ...state,
  };
  return String(parcelCard(ctx, view, { id: "p1", title: "Your parcel", timeZone: null, headingLevel: 2 }));
}

const change = (earliest: string, latest: string): DeliveryWindowChange => ({
  at: new Date("2030-03-01T10:00:00Z"),
  earliest,
  latest,
});

describe("the parcel card's delivery window", () => {
  it("names the previous last day when the window moved, and warns when it ends later than first said", () => {
    const body = parcel("2030-03-06", "2030-03-05", [change("2030-03-03", "2030-03-04")]);
    expect(body).toContain("Wednesday, March 6");
    expect(body).toContain("Previously expected Monday, March 4");
    expect(body).toContain("This is later than the date we first gave you.");
  });

  it("says nothing of a window that only narrowed to the same last day", () => {
    const body = parcel("2030-03-06", "2030-03-05", [change("2030-03-03", "2030-03-06")]);
    expect(body).not.toContain("Previously expected");
    expect(body).not.toContain("later than the date");
  });

  it("still warns when the last change kept the day but an earlier one had moved it later", () => {
    const body = parcel("2030-03-06", "2030-03-06", [
      change("2030-03-02", "2030-03-04"),
      change("2030-03-04", "2030-03-06"),
    ]);
    expect(body).not.toContain("Previously expected");
    expect(body).toContain("This is later than the date we first gave you.");
  });

  it("shows no window for a parcel the carrier reports lost, and keeps it for a damaged one", () => {
    const lost = parcel("2030-03-06", "2030-03-05", [], { status: "exception", substatus: "lost" });
    expect(lost).not.toContain("Wednesday, March 6");
    const damaged = parcel("2030-03-06", "2030-03-05", [], { status: "exception", substatus: "damaged" });
    expect(damaged).toContain("Wednesday, March 6");
  });

  it("does not warn when the window moved earlier", () => {
    const body = parcel("2030-03-04", "2030-03-03", [change("2030-03-04", "2030-03-06")]);
    expect(body).toContain("Previously expected Wednesday, March 6");
    expect(body).not.toContain("later than the date");
  });
});

describe("the parcel card's help box", () => {
  const late = { late: true, stalledDays: 6, needsHelp: true };

  it("tells a shopper whose parcel is only slow that delays usually resolve, and how long it has been quiet", () => {
    const body = parcel("2030-03-04", "2030-03-03", [], { status: "in_transit", substatus: null, ...late });
    expect(body).toContain("Sorry, your parcel is taking longer than expected.");
    expect(body).toContain("The carrier has not updated this parcel for 6 days.");
    expect(body).toContain("Most delays resolve within a few days.");
  });

  it("does not promise that a damaged, refused or returning parcel will sort itself out", () => {
    const cases: Partial<ShipmentView>[] = [
      { status: "exception", substatus: "damaged" },
      { status: "exception", substatus: "lost" },
      { status: "attempt_failed", substatus: null },
      { status: "return_to_sender", substatus: null },
    ];
    for (const state of cases) {
      const body = parcel("2030-03-04", "2030-03-03", [], { ...state, ...late });
      expect(body, state.substatus ?? state.status).toContain(
        "Questions about this? Contact Acme and we will help.",
      );
      expect(body).not.toContain("Most delays resolve");
      expect(body).not.toContain("taking longer than expected");
      expect(body).not.toContain("has not updated this parcel");
    }
    // Bad weather is a delay like any other.
    const weather = parcel("2030-03-04", "2030-03-03", [], {
      status: "exception",
      substatus: "weather_delay",
      ...late,
    });
    expect(weather).toContain("Most delays resolve within a few days.");
  });
});

describe("the parcel card's scan history", () => {
  const scans = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      at: new Date(Date.UTC(2030, 2, 10 - i, 12)),
      description: `Scan ${i + 1}`,
      place: null,
    }));

  it("shows the latest three of a long history and folds the rest behind a summary", () => {
    const body = parcel("2030-03-12", "2030-03-11", [], { scans: scans(8) });
    const [latest, folded] = body.split("<details");
    for (const n of [1, 2, 3]) expect(latest).toContain(`Scan ${n}<`);
    expect(latest).not.toContain("Scan 4<");
    expect(folded).toContain("Show 5 earlier scans");
    for (const n of [4, 5, 6, 7, 8]) expect(folded).toContain(`Scan ${n}<`);
    expect(folded).toContain('start="4"');
  });

  it("shows a short history whole: folding one or two scans would hide more than it saves", () => {
    const body = parcel("2030-03-12", "2030-03-11", [], { scans: scans(5) });
    expect(body).not.toContain("<details");
    for (const n of [1, 2, 3, 4, 5]) expect(body).toContain(`Scan ${n}<`);
  });
});
