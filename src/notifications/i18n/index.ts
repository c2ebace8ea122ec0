/** Message catalogs by language, chosen from the shopper's locale ("pt-PT" → pt-BR, "de-AT" → de, else en). */
import { de } from "./de.js";
import { en, type NotificationCatalog } from "./en.js";
import { es } from "./es.js";
import { fr } from "./fr.js";
import { ptBR } from "./pt-BR.js";

export type { NotificationCatalog };

export const MESSAGE_LOCALES = ["en", "es", "fr", "de", "pt-BR"] as const;
export type MessageLocale = (typeof MESSAGE_LOCALES)[number];

const CATALOGS: Readonly<Record<MessageLocale, NotificationCatalog>> = { en, es, fr, de, "pt-BR": ptBR };

/** The supported language for a locale tag: exact, then by primary subtag, else English. */
export function messageLocale(tag: string | null | undefined): MessageLocale {
  if (!tag) return "en";
  const lower = tag.trim().replace("_", "-").toLowerCase();
  const exact = MESSAGE_LOCALES.find((l) => l.toLowerCase() === lower);
  if (exact) return exact;
  const primary = lower.split("-")[0];
  return MESSAGE_LOCALES.find((l) => l.toLowerCase().split("-")[0] === primary) ?? "en";
}

/** The catalog of a language. */
export function catalog(locale: MessageLocale): NotificationCatalog {
  return CATALOGS[locale];
}

/** Fills `{name}` placeholders with plain text; unknown ones are left visible so a typo is noticed. */
export function fill(template: string, vars: Readonly<Record<string, string | null | undefined>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
}
