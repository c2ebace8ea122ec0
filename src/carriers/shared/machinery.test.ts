import { describe, expect, it } from "vitest";
import { unmappedCarrierCodes } from "../../core/metrics.js";
import { asArray, asNumber, asString, at, str } from "./access.js";
import { guardParse } from "./guard.js";
import { parseJsonSafe } from "./json.js";
import { createTokenCache } from "./oauth.js";
import { readRateLimit } from "./rate-limit.js";
import { mapCarrierCode, statusMapFromRows } from "./status-lookup.js";
import { plainText } from "./text.js";
import { parseXmlSafe } from "./xml.js";

const map = statusMapFromRows([
  ["DL", "delivered", null, "Delivered"],
  ["type:X", "exception", null, "Exception"],
]);

describe("mapCarrierCode", () => {
  it("maps a code, falls back to later keys, and counts unmapped codes by carrier and code", () => {
    expect(mapCarrierCode("acme", map, "DL")).toMatchObject({ status: "delivered", substatus: null });
    expect(mapCarrierCode("acme", map, "ZZ", "type:X")).toMatchObject({ status: "exception", key: "type:X" });
    const before = unmappedCarrierCodes.get({ carrier: "acme", code: "QQ" });
    expect(mapCarrierCode("acme", map, "QQ")).toEqual({ status: null, substatus: null, unmapped: true });
    expect(unmappedCarrierCodes.get({ carrier: "acme", code: "QQ" })).toBe(before + 1);
  });

  it("rejects duplicate codes and does not read prototype keys", () => {
    expect(() =>
      statusMapFromRows([
        ["A", "pending", null, ""],
        ["A", "pending", null, ""],
      ]),
    ).toThrow(/duplicate/);
    expect(mapCarrierCode("acme", map, "constructor").status).toBeNull();
  });
});

describe("untrusted data accessors", () => {
  it("never throw on wrong types", () => {
    const data = { a: [{ b: "x" }], n: "12", t: { "#text": " y " } };
    expect(str(data, "a", 0, "b")).toBe("x");
    expect(at(data, "a", "b")).toBeUndefined();
    expect(at(null, "a")).toBeUndefined();
    expect(asNumber(data.n)).toBe(12);
    expect(asString(data.t)).toBe("y");
    expect(asString({})).toBeUndefined();
    expect(asArray("one")).toEqual(["one"]);
  });
});

describe("payload readers", () => {
  it("JSON failures come back as data", () => {
    expect(parseJsonSafe("{").ok).toBe(false);
    expect(parseJsonSafe("\uFEFF[1]")).toEqual({ ok: true, value: [1] });
  });

  it("XML keeps attributes and strings, forces arrays, and refuses entity declarations", () => {
    const xml = parseXmlSafe('<R><I ID="0012"><V>007</V></I></R>', { arrays: ["I"] });
    expect(xml).toEqual({ ok: true, value: { R: { I: [{ "@_ID": "0012", V: "007" }] } } });
    const bomb = '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><l>&b;</l>';
    expect(parseXmlSafe(bomb).ok).toBe(false);
    expect(parseXmlSafe("<a><b></a>").ok).toBe(false);
    expect(parseXmlSafe("<a>" + "<b>".repeat(200) + "</b>".repeat(200) + "</a>").ok).toBe(false);
  });

  it("plainText strips carrier HTML", () => {
    expect(plainText("USPS Ground Advantage<SUP>&#153;</SUP>")).toBe("USPS Ground Advantage™");
  });
});

describe("guardParse", () => {
  it("turns a throwing parser into an invalid_payload error", () => {
    const parse = guardParse("acme", () => {
      throw new TypeError("boom");
    });
    expect(parse("{}").errors[0]).toMatchObject({ code: "invalid_payload" });
  });
});

describe("readRateLimit", () => {
  it("reads IETF and X- headers, Retry-After in seconds or as a date", () => {
    const h = (o: Record<string, string>) => new Headers(o);
    expect(
      readRateLimit(h({ "RateLimit-Limit": "100", "RateLimit-Remaining": "0", "RateLimit-Reset": "10" }), 0),
    ).toEqual({
      limit: 100,
      remaining: 0,
      resetAt: new Date(10_000),
      retryAfterMs: null,
    });
    expect(readRateLimit(h({ "Retry-After": "Thu, 01 Jan 1970 00:00:05 GMT" }), 0)?.retryAfterMs).toBe(5000);
    expect(readRateLimit(h({}), 0)).toBeNull();
  });
});

describe("createTokenCache", () => {
  it("shares one in-flight token request between concurrent callers", async () => {
    let calls = 0;
    const fakeFetch = (() => {
      calls++;
      return Promise.resolve(new Response(JSON.stringify({ access_token: "t", expires_in: 60 })));
    }) as typeof fetch;
    const cache = createTokenCache({
      tokenUrl: "http://127.0.0.1:9/token",
      clientId: "a",
      clientSecret: "b",
      fetch: fakeFetch,
      now: () => 0,
      skewMs: 0,
    });
    expect(await Promise.all([cache.getToken(), cache.getToken()])).toEqual(["t", "t"]);
    expect(calls).toBe(1);
  });
});
