/**
 * The tracking page's languages: catalogs, negotiation from `?lang=` and Accept-Language, and message
 * formatting with named placeholders. Placeholders are filled with plain text; escaping is the view's job.
 */
import { de } from "./de.js";
import { en, type MessageKey, type Messages } from "./en.js";
import { es } from "./es.js";
import { fr } from "./fr.js";
import { ptBR } from "./pt-BR.js";

export type { MessageKey, Messages };

export const LANGUAGES = ["en", "es", "fr", "de", "pt-BR"] as const;
export type Language = (typeof LANGUAGES)[number];

const CATALOGS: Readonly<Record<Language, Messages>> = { en, es, fr, de, "pt-BR": ptBR };

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** The supported language closest to a tag: exact, then by primary subtag ("pt-PT" → pt-BR, "de-AT" → de). */
export function matchLanguage(tag: string): Language | undefined {
  const lower = tag.trim().toLowerCase();
  const exact = LANGUAGES.find((l) => l.toLowerCase() === lower);
  if (exact) return exact;
  const primary = lower.split("-")[0];
  return LANGUAGES.find((l) => l.toLowerCase().split("-")[0] === primary);
}

/** The language to answer in: an explicit choice (`?lang=`), else the best Accept-Language match, else English. */
export function negotiateLanguage(explicit: unknown, acceptLanguage: string | undefined): Language {
  if (typeof explicit === "string") {
    const chosen = matchLanguage(explicit);
    if (chosen) return chosen;
  }
  if (acceptLanguage) {
    const ranked = acceptLanguage
      .split(",")
      .slice(0, 20)
      .map((part, index) => {
        const [tag = "", ...params] = part.trim().split(";");
        const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
        return { tag, q: q === undefined ? 1 : Number(q), index };
      })
      .filter((r) => r.tag && r.tag !== "*" && r.q > 0)
      .sort((a, b) => b.q - a.q || a.index - b.index);
    for (const r of ranked) {
      const match = matchLanguage(r.tag);
      if (match) return match;
    }
  }
  return "en";
}

export type Translate = (key: MessageKey, vars?: Readonly<Record<string, string | number>>) => string;

/** A translator for one language: fills `{name}` placeholders; unknown placeholders are left visible. */
export function translator(language: Language): Translate {
  const catalog = CATALOGS[language];
  return (key, vars) => {
    const template = catalog[key];
    if (!vars) return template;
    return template.replace(/\{(\w+)\}(\.?)/g, (whole, name: string, dot: string) => {
      if (vars[name] === undefined) return whole;
      const value = String(vars[name]);
      // "Demo Co." at the end of a sentence must not read "Demo Co..".
      return dot && value.endsWith(".") ? value : value + dot;
    });
  };
}

/** True when the catalog has this key (for optional sub-status messages). */
export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}
