/**
 * The page's stylesheet and enhancing script, read once at start and served under content-hashed names with a
 * year-long immutable cache, so a page costs one HTML request after the first visit.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

export interface StaticAsset {
  name: string;
  body: Buffer;
  gzip: Buffer;
  contentType: string;
}

function load(file: string, contentType: string): StaticAsset {
  const body = readFileSync(new URL(`./assets/${file}`, import.meta.url));
  const hash = createHash("sha256").update(body).digest("hex").slice(0, 12);
  const dot = file.lastIndexOf(".");
  return {
    name: `${file.slice(0, dot)}.${hash}${file.slice(dot)}`,
    body,
    gzip: gzipSync(body, { level: 9 }),
    contentType,
  };
}

export const STYLESHEET = load("tracking.css", "text/css; charset=utf-8");
export const ENHANCE_SCRIPT = load("enhance.js", "text/javascript; charset=utf-8");

export const ASSET_PREFIX = "/track/_assets/";

/** The hashed URLs pages link to. */
export const ASSET_URLS = {
  css: `${ASSET_PREFIX}${STYLESHEET.name}`,
  js: `${ASSET_PREFIX}${ENHANCE_SCRIPT.name}`,
};

const BY_NAME = new Map([STYLESHEET, ENHANCE_SCRIPT].map((a) => [a.name, a]));

/** The asset with that hashed name, or undefined. */
export function findAsset(name: string): StaticAsset | undefined {
  return BY_NAME.get(name);
}
