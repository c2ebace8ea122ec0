import { mkdtempSync, readFileSync, statSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateSecretKeyText, loadSecretKeyring, parseSecretKey } from "./keyring-source.js";
import {
  openSecret,
  sealSecret,
  SecretKeyError,
  secretKey,
  sealedKeyId,
  type SecretKeyring,
} from "./sealed-box.js";

const ring = (text: string, previous: string[] = []): SecretKeyring => ({
  current: secretKey(parseSecretKey(text, "test")),
  previous: previous.map((p) => secretKey(parseSecretKey(p, "test"))),
  origin: "the test",
});

describe("sealed secrets", () => {
  const a = generateSecretKeyText();
  const b = generateSecretKeyText();

  it("round-trips, never shows the plaintext, and seals the same text differently each time", () => {
    const secret = "whsec_correct horse battery staple";
    const one = sealSecret(ring(a), secret, "row 1");
    const two = sealSecret(ring(a), secret, "row 1");
    expect(one).not.toContain("horse");
    expect(one).not.toBe(two);
    expect(sealedKeyId(one)).toBe(ring(a).current.id);
    expect(openSecret(ring(a), one, "row 1")).toBe(secret);
    expect(openSecret(ring(a), two, "row 1")).toBe(secret);
  });

  it("a different key is a clear error naming both keys and what to set", () => {
    const sealed = sealSecret(ring(a), "s3cret", "row");
    const error = (() => {
      try {
        openSecret(ring(b), sealed, "row");
      } catch (e) {
        return e as Error;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(SecretKeyError);
    expect(error!.message).toContain(ring(a).current.id);
    expect(error!.message).toContain(ring(b).current.id);
    expect(error!.message).toMatch(/SHIPWATCH_SECRET_KEY/);
    // After a key change, the earlier key opens old values.
    expect(openSecret(ring(b, [a]), sealed, "row")).toBe("s3cret");
  });

  it("refuses altered data and a value moved to another row", () => {
    const sealed = sealSecret(ring(a), "s3cret", "seller 1");
    expect(() => openSecret(ring(a), sealed, "seller 2")).toThrow(/altered, or moved/);
    const flipped = sealed.slice(0, -3) + (sealed.at(-3) === "A" ? "B" : "A") + sealed.slice(-2);
    expect(() => openSecret(ring(a), flipped, "seller 1")).toThrow(SecretKeyError);
    expect(() => openSecret(ring(a), "whsec_plain", "seller 1")).toThrow(/not a sealed secret/);
  });

  it("reads keys as base64, base64url or hex, and refuses anything that is not 32 bytes", () => {
    const key = Buffer.alloc(32, 7);
    expect(parseSecretKey(key.toString("base64"), "K")).toEqual(key);
    expect(parseSecretKey(key.toString("base64url"), "K")).toEqual(key);
    expect(parseSecretKey(key.toString("hex"), "K")).toEqual(key);
    expect(() => parseSecretKey("too short", "SHIPWATCH_SECRET_KEY")).toThrow(
      /SHIPWATCH_SECRET_KEY must be 32/,
    );
    expect(() => parseSecretKey(Buffer.alloc(24).toString("base64"), "K")).toThrow(SecretKeyError);
  });
});

describe("where the instance key comes from", () => {
  it("takes SHIPWATCH_SECRET_KEY first, with earlier keys from SHIPWATCH_SECRET_KEY_PREVIOUS", () => {
    const key = generateSecretKeyText();
    const old = generateSecretKeyText();
    const { keyring, warning } = loadSecretKeyring({
      secretKey: key,
      previousSecretKeys: old,
      databaseUrl: "postgres://db",
      production: true,
    });
    expect(keyring.current.id).toBe(ring(key).current.id);
    expect(keyring.previous.map((k) => k.id)).toEqual([ring(old).current.id]);
    expect(warning).toBeNull();
  });

  it("generates <dataDir>/secret.key once, readable by its owner only, for the embedded database", () => {
    const dir = mkdtempSync(join(tmpdir(), "shipwatch-key-"));
    const first = loadSecretKeyring({ dataDir: dir });
    const again = loadSecretKeyring({ dataDir: dir });
    expect(again.keyring.current.id).toBe(first.keyring.current.id);
    expect(first.warning).toBeNull();
    if (process.platform !== "win32") {
      expect(statSync(join(dir, "secret.key")).mode & 0o777).toBe(0o600);
      chmodSync(join(dir, "secret.key"), 0o644);
      expect(() => loadSecretKeyring({ dataDir: dir })).toThrow(/chmod 600/);
    }
    expect(readFileSync(join(dir, "secret.key"), "utf8").trim()).toHaveLength(44);
  });

  it("refuses DATABASE_URL without a key in production, and warns outside it", () => {
    expect(() =>
      loadSecretKeyring({ databaseUrl: "postgres://db", production: true, dataDir: "/x" }),
    ).toThrow(/SHIPWATCH_SECRET_KEY is required with DATABASE_URL in production/);
    const dir = mkdtempSync(join(tmpdir(), "shipwatch-key-"));
    expect(loadSecretKeyring({ databaseUrl: "postgres://db", dataDir: dir }).warning).toMatch(
      /development key/,
    );
  });
});
