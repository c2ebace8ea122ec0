/**
 * The "where is my order" reply's own sentences in the five message languages. Status names, greetings, the
 * window line and next steps come from the notification and tracking-page catalogs, so a reply says what the
 * shopper's e-mails and tracking page say.
 */
import type { MessageLocale } from "../notifications/i18n/index.js";

export interface WismoText {
  intro: string;
  parcel: string;
  parcelNumbered: string;
  delivered: string;
  /** Instead of the window once its last day has passed: the shopper is told it is late, not given past dates. */
  late: string;
  notShipped: string;
  ambiguous: string;
  notFound: string;
  signoff: string;
}

export const WISMO_TEXT: Readonly<Record<MessageLocale, WismoText>> = {
  en: {
    intro: "Thank you for your message about order {orderNumber}. Here is where it is:",
    parcel: "Your parcel ({carrier} {trackingNumber}): {status}.",
    parcelNumbered: "Parcel {n} of {count} ({carrier} {trackingNumber}): {status}.",
    delivered: "It was delivered on {date}.",
    late: "It was expected by {date}, so it is running late.",
    notShipped:
      "Your order is confirmed and being prepared. We will send you its tracking as soon as it ships.",
    ambiguous:
      "Thank you for your message. We found several orders that could match: {orders}. Which one is it about? Reply with its order number and we will look right away.",
    notFound:
      "Thank you for your message. We could not find your order from it. Could you reply with your order number (you will find it in your order confirmation)?",
    signoff: "Kind regards,\n{seller}",
  },
  es: {
    intro: "Gracias por tu mensaje sobre el pedido {orderNumber}. Esto es lo que sabemos:",
    parcel: "Tu paquete ({carrier} {trackingNumber}): {status}.",
    parcelNumbered: "Paquete {n} de {count} ({carrier} {trackingNumber}): {status}.",
    delivered: "Se entregó el {date}.",
    late: "Estaba previsto como muy tarde el {date}, así que va con retraso.",
    notShipped: "Tu pedido está confirmado y en preparación. Te enviaremos el seguimiento en cuanto salga.",
    ambiguous:
      "Gracias por tu mensaje. Hemos encontrado varios pedidos que podrían coincidir: {orders}. ¿A cuál te refieres? Respóndenos con el número de pedido y lo revisamos enseguida.",
    notFound:
      "Gracias por tu mensaje. No hemos podido encontrar tu pedido. ¿Puedes respondernos con tu número de pedido (está en la confirmación del pedido)?",
    signoff: "Un saludo,\n{seller}",
  },
  fr: {
    intro: "Merci pour votre message au sujet de la commande {orderNumber}. Voici où elle en est :",
    parcel: "Votre colis ({carrier} {trackingNumber}) : {status}.",
    parcelNumbered: "Colis {n} sur {count} ({carrier} {trackingNumber}) : {status}.",
    delivered: "Il a été livré le {date}.",
    late: "Il était attendu au plus tard le {date} : il a donc du retard.",
    notShipped:
      "Votre commande est confirmée et en préparation. Nous vous enverrons son suivi dès son expédition.",
    ambiguous:
      "Merci pour votre message. Plusieurs commandes pourraient correspondre : {orders}. De laquelle s'agit-il ? Répondez-nous avec son numéro et nous regardons tout de suite.",
    notFound:
      "Merci pour votre message. Nous n'avons pas retrouvé votre commande. Pourriez-vous nous répondre avec votre numéro de commande (il figure dans la confirmation) ?",
    signoff: "Bien cordialement,\n{seller}",
  },
  de: {
    intro: "Danke für deine Nachricht zur Bestellung {orderNumber}. So sieht es aus:",
    parcel: "Dein Paket ({carrier} {trackingNumber}): {status}.",
    parcelNumbered: "Paket {n} von {count} ({carrier} {trackingNumber}): {status}.",
    delivered: "Es wurde am {date} zugestellt.",
    late: "Es sollte spätestens am {date} ankommen und ist also verspätet.",
    notShipped:
      "Deine Bestellung ist bestätigt und wird vorbereitet. Sobald sie verschickt ist, schicken wir dir die Sendungsverfolgung.",
    ambiguous:
      "Danke für deine Nachricht. Wir haben mehrere passende Bestellungen gefunden: {orders}. Um welche geht es? Antworte mit der Bestellnummer, dann schauen wir sofort nach.",
    notFound:
      "Danke für deine Nachricht. Wir konnten deine Bestellung nicht finden. Kannst du uns mit deiner Bestellnummer antworten (sie steht in der Bestellbestätigung)?",
    signoff: "Viele Grüße\n{seller}",
  },
  "pt-BR": {
    intro: "Obrigado pela sua mensagem sobre o pedido {orderNumber}. Veja onde ele está:",
    parcel: "Seu pacote ({carrier} {trackingNumber}): {status}.",
    parcelNumbered: "Pacote {n} de {count} ({carrier} {trackingNumber}): {status}.",
    delivered: "Ele foi entregue em {date}.",
    late: "A previsão era até {date}, então ele está atrasado.",
    notShipped:
      "Seu pedido está confirmado e em preparação. Enviaremos o rastreamento assim que for despachado.",
    ambiguous:
      "Obrigado pela sua mensagem. Encontramos vários pedidos que podem corresponder: {orders}. De qual deles você está falando? Responda com o número do pedido e verificamos na hora.",
    notFound:
      "Obrigado pela sua mensagem. Não conseguimos encontrar seu pedido. Você pode nos responder com o número do pedido (ele está na confirmação do pedido)?",
    signoff: "Atenciosamente,\n{seller}",
  },
};
