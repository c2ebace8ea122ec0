import { describe, expect, it } from "vitest";
import { SignInThrottle } from "./sign-in-throttle.js";

describe("sign-in throttle", () => {
  it("blocks an address after ten failures for the rest of the window, and a success clears it", () => {
    let now = 1_000_000;
    const throttle = new SignInThrottle(() => now);
    for (let i = 0; i < 10; i++) {
      expect(throttle.retryAfterSeconds("a@x.test", "1.1.1.1")).toBe(0);
      throttle.recordFailure("a@x.test", "1.1.1.1");
      now += 1000;
    }
    expect(throttle.retryAfterSeconds("a@x.test", "2.2.2.2")).toBe(15 * 60 - 10);
    expect(throttle.retryAfterSeconds("b@x.test", "1.1.1.1")).toBe(0);
    now += 15 * 60_000;
    expect(throttle.retryAfterSeconds("a@x.test", "1.1.1.1")).toBe(0);
    throttle.recordFailure("a@x.test", "1.1.1.1");
    throttle.recordSuccess("a@x.test");
    expect(throttle.retryAfterSeconds("a@x.test", "1.1.1.1")).toBe(0);
  });
});
