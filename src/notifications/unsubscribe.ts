/**
 * Public unsubscribe: GET /unsubscribe/{token} shows a confirmation page (a link scanner opening the URL must
 * not unsubscribe anyone); POST /unsubscribe/{token} unsubscribes: the page's button, and RFC 8058 one-click
 * from mail clients (`List-Unsubscribe=One-Click`). The address is unsubscribed from that seller's messages on
 * that channel; queued messages are suppressed when their turn comes.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import type { Database } from "../db/client.js";
import { writeAudit } from "../ingest/audit.js";
import { escapeHtml } from "./email-layout.js";
import { messageLocale, type MessageLocale } from "./i18n/index.js";
import { unsubscribeSecret, verifyUnsubscribeToken } from "./unsubscribe-token.js";

const PAGE: Readonly<
  Record<MessageLocale, { title: string; ask: string; button: string; done: string; invalid: string }>
> = {
  en: {
    title: "Delivery updates",
    ask: "Stop delivery updates from {seller} to {address}?",
    button: "Unsubscribe",
    done: "Done. {address} will no longer get delivery updates from {seller}.",
    invalid: "This link is not valid.",
  },
  es: {
    title: "Avisos de entrega",
    ask: "¿Dejar de enviar avisos de entrega de {seller} a {address}?",
    button: "Darme de baja",
    done: "Listo. {address} ya no recibirá avisos de entrega de {seller}.",
    invalid: "Este enlace no es válido.",
  },
  fr: {
    title: "Avis de livraison",
    ask: "Ne plus envoyer les avis de livraison de {seller} à {address} ?",
    button: "Me désabonner",
    done: "C'est fait. {address} ne recevra plus d'avis de livraison de {seller}.",
    invalid: "Ce lien n'est pas valide.",
  },
  de: {
    title: "Zustellinfos",
    ask: "Keine Zustellinfos von {seller} mehr an {address} senden?",
    button: "Abmelden",
    done: "Erledigt. {address} erhält keine Zustellinfos von {seller} mehr.",
    invalid: "Dieser Link ist ungültig.",
  },
  "pt-BR": {
    title: "Avisos de entrega",
    ask: "Parar de enviar avisos de entrega de {seller} para {address}?",
    button: "Cancelar inscrição",
    done: "Pronto. {address} não receberá mais avisos de entrega de {seller}.",
    invalid: "Este link não é válido.",
  },
};

interface Target {
  id: number;
  seller_id: string;
  seller_name: string;
  channel: string;
  recipient: string;
  locale: string | null;
}

/** "a•••@example.com" / "•••••0123": enough for the shopper to recognise, not enough to harvest. */
export function maskAddress(address: string): string {
  const at = address.indexOf("@");
  if (at > 0) return `${address[0]}•••${address.slice(at)}`;
  return `•••${address.slice(-4)}`;
}

async function findTarget(db: Database, token: string): Promise<Target | null> {
  const id = verifyUnsubscribeToken(await unsubscribeSecret(db), token);
  if (id === null) return null;
  const [row] = await db.query<Target>(
    `SELECT n.id, n.seller_id, se.name AS seller_name, n.channel, n.recipient, n.locale
     FROM notifications n JOIN sellers se ON se.id = n.seller_id WHERE n.id = $1 AND n.audience = 'shopper'`,
    [id],
  );
  return row ?? null;
}

/** Unsubscribes the recipient of the message a token names; null when the token is not genuine. */
export async function unsubscribeByToken(
  db: Database,
  token: string,
  source: string,
): Promise<Target | null> {
  const target = await findTarget(db, token);
  if (!target) return null;
  await db.session(async (s) => {
    await s.query(
      `INSERT INTO notification_preferences (seller_id, channel, address, unsubscribed_at, source, updated_at)
       VALUES ($1, $2, $3, now(), $4, now())
       ON CONFLICT (seller_id, channel, address) DO UPDATE SET
         unsubscribed_at = COALESCE(notification_preferences.unsubscribed_at, now()), source = $4, updated_at = now()`,
      [target.seller_id, target.channel, target.recipient, source],
    );
    await writeAudit(s, {
      sellerId: target.seller_id,
      actor: "shopper",
      action: "notification_preference.unsubscribe",
      targetType: "notification_preference",
      targetId: target.channel,
      data: { notificationId: target.id, source },
    });
  });
  return target;
}

function page(reply: FastifyReply, status: number, locale: MessageLocale, body: string) {
  const words = PAGE[locale];
  return reply
    .code(status)
    .type("text/html; charset=utf-8")
    .header("cache-control", "no-store")
    .header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
    .send(
      `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">` +
        `<title>${escapeHtml(words.title)}</title></head><body style="font-family:Arial,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">` +
        `<h1 style="font-size:1.4rem">${escapeHtml(words.title)}</h1>${body}</body></html>`,
    );
}

const fillText = (t: string, target: Target) =>
  escapeHtml(t.replace("{seller}", target.seller_name).replace("{address}", maskAddress(target.recipient)));

/** Registers GET and POST /unsubscribe/:token (public, no API key), with their own form parser. */
export function registerUnsubscribeRoutes(app: FastifyInstance, db: Database): void {
  void app.register(async (scope) => {
    scope.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string" },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    scope.get<{ Params: { token: string } }>("/unsubscribe/:token", async (request, reply) => {
      const target = await findTarget(db, request.params.token);
      if (!target) return page(reply, 404, "en", `<p>${escapeHtml(PAGE.en.invalid)}</p>`);
      const locale = messageLocale(target.locale);
      const words = PAGE[locale];
      return page(
        reply,
        200,
        locale,
        `<p>${fillText(words.ask, target)}</p><form method="post"><button type="submit" style="padding:.6rem 1.2rem">${escapeHtml(words.button)}</button></form>`,
      );
    });
    scope.post<{ Params: { token: string } }>("/unsubscribe/:token", async (request, reply) => {
      const oneClick =
        (request.body as Record<string, string> | undefined)?.["List-Unsubscribe"] === "One-Click";
      const target = await unsubscribeByToken(
        db,
        request.params.token,
        oneClick ? "list-unsubscribe" : "link",
      );
      if (!target) return page(reply, 404, "en", `<p>${escapeHtml(PAGE.en.invalid)}</p>`);
      const locale = messageLocale(target.locale);
      return page(reply, 200, locale, `<p>${fillText(PAGE[locale].done, target)}</p>`);
    });
  });
}
