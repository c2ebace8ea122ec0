/**
 * The tracking page's return wording in its five languages (kept beside the returns module rather than in the
 * page's main catalogs). Placeholders are filled with plain text; the views escape.
 */
import type { Language } from "../web/i18n/index.js";
import type { ReturnReason, ReturnStatus } from "./lifecycle.js";

export interface ReturnPageText {
  heading: string;
  start: string;
  windowUntil: string;
  formTitle: string;
  formIntro: string;
  items: string;
  quantity: string;
  itemName: string;
  reason: string;
  reasonPlaceholder: string;
  comment: string;
  submit: string;
  cancel: string;
  requestedOn: string;
  itemLine: string;
  statuses: Record<ReturnStatus, string>;
  nextSteps: Partial<Record<ReturnStatus, string>>;
  reasons: Record<ReturnReason, string>;
  errors: {
    noItems: string;
    noReason: string;
    invalid: string;
    notEligible: string;
    expired: string;
  };
  created: string;
}

const en: ReturnPageText = {
  heading: "Returns",
  start: "Start a return",
  windowUntil: "You can start a return until {date}.",
  formTitle: "Return items from order {number}",
  formIntro: "Choose what you are sending back and tell us why. We will reply with the next steps.",
  items: "What are you returning?",
  quantity: "Quantity",
  itemName: "Item",
  reason: "Reason",
  reasonPlaceholder: "Choose a reason",
  comment: "Anything else we should know? (optional)",
  submit: "Request the return",
  cancel: "Back to tracking",
  requestedOn: "Requested on {date}",
  itemLine: "{quantity} × {name}",
  statuses: {
    requested: "Return requested",
    approved: "Return approved",
    in_transit: "Return on its way",
    received: "Return received",
    refunded: "Refunded",
    closed: "Closed",
    rejected: "Return declined",
  },
  nextSteps: {
    requested: "We are reviewing your request and will e-mail you the next steps.",
    approved: "Send the parcel back with the label or instructions we sent you.",
    in_transit: "Your parcel is on its way back to us.",
    received: "We have your parcel and are checking the items.",
  },
  reasons: {
    wrong_size: "Wrong size",
    damaged: "Arrived damaged",
    defective: "Does not work",
    wrong_item: "Wrong item sent",
    not_as_described: "Not as described",
    no_longer_needed: "No longer needed",
    arrived_late: "Arrived too late",
    other: "Another reason",
  },
  errors: {
    noItems: "Choose at least one item to return.",
    noReason: "Choose a reason.",
    invalid: "We could not accept these items: {problem}.",
    notEligible: "This order can no longer be returned online. Please contact us.",
    expired: "The form expired. Please try again.",
  },
  created: "Your return request was sent. We will e-mail you the next steps.",
};

const es: ReturnPageText = {
  heading: "Devoluciones",
  start: "Iniciar una devolución",
  windowUntil: "Puedes iniciar una devolución hasta el {date}.",
  formTitle: "Devolver artículos del pedido {number}",
  formIntro: "Elige lo que devuelves y dinos por qué. Te responderemos con los siguientes pasos.",
  items: "¿Qué devuelves?",
  quantity: "Cantidad",
  itemName: "Artículo",
  reason: "Motivo",
  reasonPlaceholder: "Elige un motivo",
  comment: "¿Algo más que debamos saber? (opcional)",
  submit: "Solicitar la devolución",
  cancel: "Volver al seguimiento",
  requestedOn: "Solicitada el {date}",
  itemLine: "{quantity} × {name}",
  statuses: {
    requested: "Devolución solicitada",
    approved: "Devolución aprobada",
    in_transit: "Devolución en camino",
    received: "Devolución recibida",
    refunded: "Reembolsada",
    closed: "Cerrada",
    rejected: "Devolución rechazada",
  },
  nextSteps: {
    requested: "Estamos revisando tu solicitud y te enviaremos los siguientes pasos por correo.",
    approved: "Envía el paquete con la etiqueta o las instrucciones que te enviamos.",
    in_transit: "Tu paquete está de camino hacia nosotros.",
    received: "Ya tenemos tu paquete y estamos revisando los artículos.",
  },
  reasons: {
    wrong_size: "Talla incorrecta",
    damaged: "Llegó dañado",
    defective: "No funciona",
    wrong_item: "Artículo equivocado",
    not_as_described: "No es como se describía",
    no_longer_needed: "Ya no lo necesito",
    arrived_late: "Llegó demasiado tarde",
    other: "Otro motivo",
  },
  errors: {
    noItems: "Elige al menos un artículo para devolver.",
    noReason: "Elige un motivo.",
    invalid: "No pudimos aceptar estos artículos: {problem}.",
    notEligible: "Este pedido ya no se puede devolver en línea. Contáctanos.",
    expired: "El formulario caducó. Inténtalo de nuevo.",
  },
  created: "Hemos recibido tu solicitud de devolución. Te enviaremos los siguientes pasos por correo.",
};

const fr: ReturnPageText = {
  heading: "Retours",
  start: "Faire un retour",
  windowUntil: "Vous pouvez faire un retour jusqu'au {date}.",
  formTitle: "Retourner des articles de la commande {number}",
  formIntro:
    "Choisissez ce que vous renvoyez et dites-nous pourquoi. Nous vous répondrons avec la marche à suivre.",
  items: "Que renvoyez-vous ?",
  quantity: "Quantité",
  itemName: "Article",
  reason: "Motif",
  reasonPlaceholder: "Choisissez un motif",
  comment: "Autre chose à nous dire ? (facultatif)",
  submit: "Demander le retour",
  cancel: "Retour au suivi",
  requestedOn: "Demandé le {date}",
  itemLine: "{quantity} × {name}",
  statuses: {
    requested: "Retour demandé",
    approved: "Retour accepté",
    in_transit: "Retour en route",
    received: "Retour reçu",
    refunded: "Remboursé",
    closed: "Clôturé",
    rejected: "Retour refusé",
  },
  nextSteps: {
    requested: "Nous examinons votre demande et vous enverrons la marche à suivre par e-mail.",
    approved: "Renvoyez le colis avec l'étiquette ou les instructions que nous vous avons envoyées.",
    in_transit: "Votre colis est en route vers nous.",
    received: "Nous avons reçu votre colis et vérifions les articles.",
  },
  reasons: {
    wrong_size: "Mauvaise taille",
    damaged: "Arrivé endommagé",
    defective: "Ne fonctionne pas",
    wrong_item: "Mauvais article envoyé",
    not_as_described: "Non conforme à la description",
    no_longer_needed: "Je n'en ai plus besoin",
    arrived_late: "Arrivé trop tard",
    other: "Autre motif",
  },
  errors: {
    noItems: "Choisissez au moins un article à retourner.",
    noReason: "Choisissez un motif.",
    invalid: "Nous n'avons pas pu accepter ces articles : {problem}.",
    notEligible: "Cette commande ne peut plus être retournée en ligne. Contactez-nous.",
    expired: "Le formulaire a expiré. Veuillez réessayer.",
  },
  created: "Votre demande de retour a été envoyée. Nous vous enverrons la marche à suivre par e-mail.",
};

const de: ReturnPageText = {
  heading: "Rücksendungen",
  start: "Rücksendung starten",
  windowUntil: "Du kannst bis zum {date} eine Rücksendung starten.",
  formTitle: "Artikel aus Bestellung {number} zurücksenden",
  formIntro:
    "Wähle aus, was du zurückschickst, und sag uns warum. Wir melden uns mit den nächsten Schritten.",
  items: "Was schickst du zurück?",
  quantity: "Menge",
  itemName: "Artikel",
  reason: "Grund",
  reasonPlaceholder: "Grund auswählen",
  comment: "Möchtest du uns noch etwas mitteilen? (optional)",
  submit: "Rücksendung anfragen",
  cancel: "Zurück zur Sendungsverfolgung",
  requestedOn: "Angefragt am {date}",
  itemLine: "{quantity} × {name}",
  statuses: {
    requested: "Rücksendung angefragt",
    approved: "Rücksendung genehmigt",
    in_transit: "Rücksendung unterwegs",
    received: "Rücksendung erhalten",
    refunded: "Erstattet",
    closed: "Abgeschlossen",
    rejected: "Rücksendung abgelehnt",
  },
  nextSteps: {
    requested: "Wir prüfen deine Anfrage und schicken dir die nächsten Schritte per E-Mail.",
    approved:
      "Schick das Paket mit dem Etikett oder nach den Anweisungen zurück, die wir dir geschickt haben.",
    in_transit: "Dein Paket ist auf dem Weg zu uns.",
    received: "Wir haben dein Paket und prüfen die Artikel.",
  },
  reasons: {
    wrong_size: "Falsche Größe",
    damaged: "Beschädigt angekommen",
    defective: "Funktioniert nicht",
    wrong_item: "Falscher Artikel geliefert",
    not_as_described: "Entspricht nicht der Beschreibung",
    no_longer_needed: "Nicht mehr benötigt",
    arrived_late: "Zu spät angekommen",
    other: "Anderer Grund",
  },
  errors: {
    noItems: "Wähle mindestens einen Artikel aus.",
    noReason: "Wähle einen Grund aus.",
    invalid: "Diese Artikel konnten wir nicht annehmen: {problem}.",
    notEligible: "Diese Bestellung kann nicht mehr online zurückgesendet werden. Bitte kontaktiere uns.",
    expired: "Das Formular ist abgelaufen. Bitte versuche es erneut.",
  },
  created: "Deine Rücksendeanfrage wurde gesendet. Wir schicken dir die nächsten Schritte per E-Mail.",
};

const ptBR: ReturnPageText = {
  heading: "Devoluções",
  start: "Iniciar uma devolução",
  windowUntil: "Você pode iniciar uma devolução até {date}.",
  formTitle: "Devolver itens do pedido {number}",
  formIntro: "Escolha o que você vai devolver e diga o motivo. Responderemos com os próximos passos.",
  items: "O que você está devolvendo?",
  quantity: "Quantidade",
  itemName: "Item",
  reason: "Motivo",
  reasonPlaceholder: "Escolha um motivo",
  comment: "Algo mais que devemos saber? (opcional)",
  submit: "Solicitar a devolução",
  cancel: "Voltar ao rastreamento",
  requestedOn: "Solicitada em {date}",
  itemLine: "{quantity} × {name}",
  statuses: {
    requested: "Devolução solicitada",
    approved: "Devolução aprovada",
    in_transit: "Devolução a caminho",
    received: "Devolução recebida",
    refunded: "Reembolsada",
    closed: "Encerrada",
    rejected: "Devolução recusada",
  },
  nextSteps: {
    requested: "Estamos analisando sua solicitação e enviaremos os próximos passos por e-mail.",
    approved: "Envie o pacote com a etiqueta ou as instruções que enviamos.",
    in_transit: "Seu pacote está a caminho de volta para nós.",
    received: "Recebemos seu pacote e estamos conferindo os itens.",
  },
  reasons: {
    wrong_size: "Tamanho errado",
    damaged: "Chegou danificado",
    defective: "Não funciona",
    wrong_item: "Item errado enviado",
    not_as_described: "Diferente da descrição",
    no_longer_needed: "Não preciso mais",
    arrived_late: "Chegou tarde demais",
    other: "Outro motivo",
  },
  errors: {
    noItems: "Escolha pelo menos um item para devolver.",
    noReason: "Escolha um motivo.",
    invalid: "Não pudemos aceitar estes itens: {problem}.",
    notEligible: "Este pedido não pode mais ser devolvido online. Entre em contato conosco.",
    expired: "O formulário expirou. Tente novamente.",
  },
  created: "Sua solicitação de devolução foi enviada. Enviaremos os próximos passos por e-mail.",
};

const TEXTS: Readonly<Record<Language, ReturnPageText>> = { en, es, fr, de, "pt-BR": ptBR };

/** The return wording of a page language. */
export function returnPageText(lang: Language): ReturnPageText {
  return TEXTS[lang];
}

/** Fills `{name}` placeholders with plain text. */
export function fillText(template: string, vars: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    vars[name] === undefined ? whole : String(vars[name]),
  );
}
