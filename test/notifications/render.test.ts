/** Pure parts of notifications: rendering in every language, GSM-7 sizing, quiet hours, policy defaults. */
import { describe, expect, it } from "vitest";
import { foldToGsm7, smsSize } from "../../src/notifications/gsm7.js";
import { MESSAGE_LOCALES, messageLocale } from "../../src/notifications/i18n/index.js";
import { channelsFor, resolvePolicy, TRIGGERS } from "../../src/notifications/policy.js";
import { quietHoursEnd } from "../../src/notifications/quiet-hours.js";
import { renderMessage, type MessageFacts } from "../../src/notifications/render.js";
import { signUnsubscribeToken, verifyUnsubscribeToken } from "../../src/notifications/unsubscribe-token.js";

const facts = (over: Partial<MessageFacts> = {}): MessageFacts => ({
  trigger: "shipped",
  locale: "en",
  seller: { name: "Acme", branding: { primaryColor: "#112233", logoUrl: "javascript:alert(1)" } },
  firstName: "Ana",
  orderNumber: "#1001",
  carrier: "ups",
  trackingNumber: "1Z999AA10123456784",
  status: "in_transit",
  substatus: null,
  window: { earliest: "2026-03-05", latest: "2026-03-06", source: "carrier" },
  trackingLink: "https://t.example/track/acme/s/TOKEN",
  unsubscribeLink: "https://t.example/unsubscribe/U",
  ...over,
});

describe("rendering", () => {
  it("renders every trigger in every language with no placeholder left and an SMS of one segment", () => {
    for (const locale of MESSAGE_LOCALES) {
      for (const trigger of TRIGGERS) {
        for (const parcel of [
          null,
          { n: 2, count: 3 },
          { n: 1, count: 3, with: [3] },
          { n: 1, count: 2, with: [2] },
        ]) {
          const m = renderMessage(
            facts({ trigger, locale, parcel, substatus: trigger === "exception" ? "held_payment" : null }),
          );
          for (const text of [m.subject, m.text, m.html, m.sms])
            expect(text, `${locale} ${trigger}`).not.toMatch(/\{\w+\}/);
          expect(m.html).toContain(`lang="${locale}"`);
          expect(smsSize(m.sms).segments, `${locale} ${trigger}: ${m.sms}`).toBe(1);
        }
      }
    }
  });

  it("speaks plainly about the window and the next step", () => {
    const m = renderMessage(facts({ trigger: "delay", locale: "de" }));
    expect(m.text).toContain("Donnerstag, 5. März – Freitag, 6. März");
    const exception = renderMessage(facts({ trigger: "exception", substatus: "address_issue" }));
    expect(exception.text).toContain("the address could not be found or is incomplete");
    expect(exception.text).toContain("Please check your address");
  });

  it("fills a seller's template under the names the dashboard offers and the API's names alike", () => {
    const template = {
      subject: "{{sellerName}}: {{orderNumber}}",
      bodyText:
        "{{deliveryWindow}} | {{window}} | {{trackingUrl}} | {{trackingLink}} | {{seller}} | {{typo}}",
      bodyHtml: null,
    };
    const m = renderMessage(facts({ trigger: "delay" }), { email: template, sms: template });
    expect(m.subject).toBe("Acme: #1001");
    const window = "Thursday, March 5 – Friday, March 6";
    const link = "https://t.example/track/acme/s/TOKEN";
    expect(m.text).toBe(`${window} | ${window} | ${link} | ${link} | Acme | {{typo}}`);
    // The SMS folds the dash to GSM-7, nothing else.
    expect(m.sms).toBe(m.text.replace(/–/g, "-"));
  });

  it("gives no expected delivery once the parcel has arrived, waits at a pickup point or is going back", () => {
    const window = { earliest: "2030-03-05", latest: "2030-03-06", source: "prediction" as const };
    for (const locale of MESSAGE_LOCALES) {
      const line = (trigger: string) => {
        const m = renderMessage(facts({ trigger, locale, window }));
        return /2030|März|mars|marzo|março|March/.test(m.text);
      };
      expect(line("shipped"), locale).toBe(true);
      expect(line("delivery_attempted"), locale).toBe(true);
      for (const trigger of [
        "delivered",
        "ready_for_pickup",
        "returned",
        "return_in_transit",
        "return_received",
      ])
        expect(line(trigger), `${locale} ${trigger}`).toBe(false);
    }
  });

  it("gives a delay's new window once, and without a window only says the parcel is late", () => {
    const withWindow = renderMessage(facts({ trigger: "delay" }));
    expect(withWindow.text).toContain("It is now expected Thursday, March 5 – Friday, March 6.");
    expect(withWindow.text.match(/March 5/g)).toHaveLength(1);
    expect(withWindow.text).not.toContain("Expected delivery:");
    for (const locale of MESSAGE_LOCALES) {
      const late = renderMessage(facts({ trigger: "delay", locale, window: null }));
      for (const text of [late.text, late.html, late.sms]) {
        expect(text, locale).not.toMatch(/\{\w+\}|\s\.|:\s*\./);
        expect(text, locale).not.toMatch(/expected|se espera|attendu|erwartet|previsão/i);
      }
      expect(smsSize(late.sms).segments, late.sms).toBe(1);
    }
    expect(renderMessage(facts({ trigger: "delay", window: null })).text).toContain(
      "Your parcel is running late.\n",
    );
  });

  it("names the parcel when the order comes in several: one delivered parcel is not the whole order", () => {
    const one = renderMessage(facts({ trigger: "delivered", parcel: { n: 1, count: 2 } }));
    expect(one.subject).toBe("Parcel 1 of 2 of order #1001: Delivered");
    expect(one.text).toContain("Your order comes in 2 parcels: this message is about parcel 1.");
    expect(one.html).toContain("this message is about parcel 1");
    expect(one.sms).toContain("order #1001 (1/2) has been delivered");
    const fr = renderMessage(facts({ trigger: "shipped", locale: "fr", parcel: { n: 2, count: 2 } }));
    expect(fr.subject).toMatch(/^Colis 2 sur 2 de la commande #1001 : /);
    // A single parcel, or a return, keeps the order's wording.
    expect(renderMessage(facts({ trigger: "delivered", parcel: { n: 1, count: 1 } })).subject).toBe(
      "Your order #1001 has been delivered",
    );
    const back = renderMessage(facts({ trigger: "return_in_transit", parcel: { n: 1, count: 2 } }));
    expect(back.subject).not.toContain("Parcel 1 of 2");
  });

  it("speaks for several parcels at once when they travel together", () => {
    const some = renderMessage(facts({ trigger: "delivered", parcel: { n: 3, count: 3, with: [1] } }));
    expect(some.subject).toBe("Parcels 1 and 3 of 3 of order #1001: Delivered");
    expect(some.text).toContain("this message is about parcels 1 and 3.");
    expect(some.sms).toContain("order #1001 (1+3/3) has been delivered");
    expect(some.text).toContain("Your 2 parcels have been delivered. We hope you enjoy them.");
    const de = renderMessage(
      facts({ trigger: "delivered", locale: "de", parcel: { n: 1, count: 3, with: [2] } }),
    );
    expect(de.subject).toMatch(/^Pakete 1 und 2 von 3 der Bestellung #1001: /);
    expect(de.text).toContain("Deine 2 Pakete wurden zugestellt.");
    // Every parcel of the order: the order's own wording, and a note that it covers them all.
    const all = renderMessage(facts({ trigger: "shipped", parcel: { n: 1, count: 2, with: [2] } }));
    expect(all.subject).toBe("Your order #1001 is on its way");
    expect(all.text).toContain("Your 2 parcels are on their way to you.");
    expect(all.html).toContain("Your 2 parcels are on their way to you.");
    // The next step speaks of them in the plural too.
    expect(all.text).toContain("We will let you know when they are out for delivery.");
    expect(all.html).toContain("We will let you know when they are out for delivery.");
    expect(de.text).toContain("Eins nicht gefunden?");
    expect(renderMessage(facts({ trigger: "shipped", parcel: { n: 1, count: 2 } })).text).toContain(
      "when it is out for delivery.",
    );
    expect(all.text).toContain("Your order comes in 2 parcels, and this message is about all of them.");
    expect(all.sms).not.toMatch(/\(\d/);
    // Every parcel's tracking number, not only the first's.
    const listed = renderMessage(
      facts({
        trigger: "shipped",
        parcel: {
          n: 1,
          count: 2,
          with: [2],
          carried: [
            { carrier: "ups", trackingNumber: "1ZFIRST" },
            { carrier: "dhl_express", trackingNumber: "1234567890" },
          ],
        },
      }),
    );
    expect(listed.text).toContain("Tracking numbers: UPS 1ZFIRST, DHL Express 1234567890");
    expect(listed.html).toContain("Tracking numbers: UPS 1ZFIRST, DHL Express 1234567890");
  });

  it("names the carrier as its adapter does, and a courier without one readably", () => {
    expect(renderMessage(facts({ carrier: "dhl_express" })).text).toContain("DHL Express has your parcel");
    expect(renderMessage(facts({ carrier: "fedex" })).text).toContain("FedEx tracking number");
    expect(renderMessage(facts({ carrier: "acme_courier" })).text).toContain("ACME COURIER has your parcel");
  });

  it("says who saw the problem: the carrier's report, or Shipwatch noticing a parcel that stopped", () => {
    const carrierLost = renderMessage(facts({ trigger: "exception", substatus: "lost" }));
    expect(carrierLost.text).toContain("The carrier reported a problem: the parcel is lost.");
    const presumed = renderMessage(facts({ trigger: "exception", alertKind: "presumed_lost" }));
    expect(presumed.text).toContain(
      "We noticed a problem: the parcel has not moved for a long time and may be lost.",
    );
    expect(presumed.text).not.toContain("carrier reported");
    // Neither a lost parcel nor one that may be lost gets an "Expected delivery" line; a damaged one still does.
    expect(presumed.text).not.toContain("Expected delivery");
    expect(carrierLost.text).not.toContain("Expected delivery");
    expect(renderMessage(facts({ trigger: "exception", substatus: "damaged" })).text).toContain(
      "Expected delivery",
    );
    expect(presumed.html).toContain("We noticed a problem");
    const stalled = renderMessage(facts({ trigger: "exception", alertKind: "stalled", locale: "fr" }));
    expect(stalled.text).toContain(
      "Nous avons remarqué un problème : le colis n'a pas bougé depuis un moment.",
    );
    for (const locale of MESSAGE_LOCALES) {
      const m = renderMessage(facts({ trigger: "exception", alertKind: "presumed_lost", locale }));
      for (const text of [m.subject, m.text, m.html, m.sms]) expect(text, locale).not.toMatch(/\{\w+\}/);
    }
  });

  it("ends a sentence on a seller name with a period once", () => {
    const m = renderMessage(facts({ seller: { name: "Demo Outdoor Co.", branding: {} } }));
    expect(m.text).toContain("you ordered from Demo Outdoor Co.\n");
    expect(m.text).not.toContain("Co..");
    expect(m.html).not.toContain("Co..");
  });

  it("keeps unsafe branding out of the e-mail", () => {
    const m = renderMessage(
      facts({
        seller: { name: 'Acme "<b>"', branding: { logoUrl: "javascript:alert(1)", primaryColor: "red;x" } },
      }),
    );
    expect(m.html).not.toContain("javascript:");
    expect(m.html).not.toContain("red;x");
    expect(m.html).toContain("Acme &quot;&lt;b&gt;&quot;");
  });

  it("chooses the language from the shopper's locale", () => {
    expect(messageLocale("pt-PT")).toBe("pt-BR");
    expect(messageLocale("de_AT")).toBe("de");
    expect(messageLocale("ja")).toBe("en");
    expect(messageLocale(null)).toBe("en");
  });
});

describe("GSM-7", () => {
  it("folds accents GSM-7 lacks and counts extension characters twice", () => {
    expect(foldToGsm7("Ação — “já”")).toBe('Acao - "ja"');
    expect(foldToGsm7("Müller é à ñ")).toBe("Müller é à ñ"); // these are in GSM-7 already
    expect(smsSize("a".repeat(160))).toEqual({ encoding: "GSM-7", units: 160, segments: 1 });
    expect(smsSize("€".repeat(81)).segments).toBe(2);
    expect(smsSize("日本").encoding).toBe("UCS-2");
  });
});

describe("quiet hours and policy", () => {
  const quiet = { start: "21:00", end: "08:00" };
  it("holds until the end of quiet hours in the shopper's own zone", () => {
    // 23:30 in Lisbon (UTC+0 in winter) → 08:00 Lisbon; the same instant is 18:30 in New York: not quiet.
    const at = new Date("2026-01-15T23:30:00Z");
    expect(quietHoursEnd(at, "Europe/Lisbon", quiet)?.toISOString()).toBe("2026-01-16T08:00:00.000Z");
    expect(quietHoursEnd(at, "America/New_York", quiet)).toBeNull();
    expect(quietHoursEnd(new Date("2026-01-15T06:59:00Z"), "Europe/Berlin", quiet)?.toISOString()).toBe(
      "2026-01-15T07:00:00.000Z",
    );
    expect(quietHoursEnd(at, "Europe/Lisbon", null)).toBeNull();
  });

  it("defaults to e-mail for milestones, SMS for out for delivery and when the shopper must act", () => {
    const policy = resolvePolicy({});
    expect(channelsFor(policy, "shipped", null)).toEqual(["email"]);
    expect(channelsFor(policy, "out_for_delivery", null)).toEqual(["sms"]);
    expect(channelsFor(policy, "exception", "weather_delay")).toEqual(["email"]);
    expect(channelsFor(policy, "exception", "held_payment")).toEqual(["email", "sms"]);
    expect(channelsFor(policy, "delivery_attempted", null)).toEqual(["sms"]);
    expect(channelsFor(policy, "ready_for_pickup", null)).toEqual(["sms"]);
    expect(
      channelsFor(resolvePolicy({ channels: { exception: ["email"] } }), "exception", "held_payment"),
    ).toEqual(["email"]);
    expect(resolvePolicy({ maxPerShipment: "lots" }).maxPerShipment).toBe(6); // a stale bad value falls back
  });

  it("signs unsubscribe tokens that cannot be forged or altered", () => {
    const secret = Buffer.alloc(32, 7);
    const token = signUnsubscribeToken(secret, 42);
    expect(verifyUnsubscribeToken(secret, token)).toBe(42);
    expect(verifyUnsubscribeToken(Buffer.alloc(32, 8), token)).toBeNull();
    expect(
      verifyUnsubscribeToken(secret, signUnsubscribeToken(secret, 43).slice(0, 12) + token.slice(12)),
    ).toBeNull();
    expect(verifyUnsubscribeToken(secret, "not a token")).toBeNull();
  });
});
