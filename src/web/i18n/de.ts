/** Deutsch. */
import type { Messages } from "./en.js";

export const de: Messages = {
  "lang.name": "Deutsch",
  "page.title": "Bestellung verfolgen – {seller}",
  "page.titleOrder": "Bestellung {number} – {seller}",
  "nav.skip": "Zum Inhalt springen",
  "nav.language": "Sprache",
  "nav.newLookup": "Andere Bestellung verfolgen",
  "footer.poweredBy": "Sendungsverfolgung von Shipwatch",

  "lookup.heading": "Wo ist meine Bestellung?",
  "lookup.intro": "Gib deine Bestellnummer und die E-Mail-Adresse oder Postleitzahl der Bestellung ein.",
  "lookup.orderNumber": "Bestellnummer",
  "lookup.orderNumberHint": "Du findest sie in deiner Bestellbestätigung.",
  "lookup.contact": "E-Mail oder Postleitzahl",
  "lookup.contactHint": "Die E-Mail-Adresse der Bestellung oder die Postleitzahl der Lieferadresse.",
  "lookup.submit": "Bestellung verfolgen",
  "lookup.trackingHeading": "Hast du eine Sendungsnummer?",
  "lookup.trackingNumber": "Sendungsnummer",
  "lookup.trackingSubmit": "Paket verfolgen",
  "lookup.notFound":
    "Wir konnten keine Bestellung mit diesen Angaben finden. Prüfe die Bestellnummer und die E-Mail-Adresse oder Postleitzahl und versuche es erneut.",
  "lookup.trackingNotFound":
    "Wir konnten kein Paket mit dieser Sendungsnummer finden. Prüfe sie und versuche es erneut.",
  "lookup.missing": "Gib eine Bestellnummer und eine E-Mail-Adresse oder Postleitzahl ein.",
  "lookup.missingTracking": "Gib eine Sendungsnummer ein.",
  "lookup.rateLimited": "Zu viele Versuche. Bitte warte {minutes} Minuten und versuche es dann erneut.",
  "lookup.linkExpired": "Dieser Tracking-Link ist abgelaufen oder ungültig. Suche deine Bestellung unten.",
  "lookup.errorTitle": "Es gibt ein Problem",

  "order.heading": "Bestellung {number}",
  "order.greeting": "Hallo {name}, hier ist der aktuelle Stand deiner Bestellung.",
  "order.greetingAnonymous": "Hier ist der aktuelle Stand deiner Bestellung.",
  "order.destination": "Lieferung nach {city}",
  "order.parcels": "Deine Bestellung kommt in {count} Paketen.",
  "order.notShipped":
    "Wir bereiten deine Bestellung vor. Die Sendungsverfolgung erscheint hier, sobald sie verschickt ist.",
  "tracking.heading": "Paket {number}",

  "stage.unfulfilled": "Wir bereiten deine Bestellung vor",
  "stage.label_created": "Deine Bestellung ist verpackt und wartet auf den Versanddienst",
  "stage.partially_shipped": "Ein Teil deiner Bestellung ist unterwegs",
  "stage.shipped": "Deine Bestellung ist unterwegs",
  "stage.partially_delivered": "Ein Teil deiner Bestellung ist angekommen",
  "stage.delivered": "Deine Bestellung wurde zugestellt",
  "stage.returning": "Deine Bestellung geht zurück an {seller}",
  "stage.returned": "Deine Bestellung wurde an {seller} zurückgeschickt",
  "stage.cancelled": "Deine Bestellung wurde storniert",
  "stage.attention": "Es gibt ein Problem mit deiner Lieferung",

  "parcel.single": "Dein Paket",
  "parcel.numbered": "Paket {n} von {count}",
  "parcel.return": "Rücksendung",
  "parcel.carrier": "Versanddienst",
  "parcel.trackingNumber": "Sendungsnummer",
  "parcel.service": "Versandart",
  "parcel.carrierLink": "Auf der Website von {carrier} verfolgen",
  "parcel.newWindow": "(öffnet in einem neuen Tab)",

  "status.pending.title": "Bestellung bestätigt",
  "status.pending.next":
    "Der Händler bereitet dein Paket vor. Die Verfolgung beginnt, sobald der Versanddienst es übernimmt.",
  "status.info_received.title": "Versandetikett erstellt",
  "status.info_received.next": "Dein Paket ist verpackt und wartet auf die Abholung durch den Versanddienst.",
  "status.in_transit.title": "Unterwegs",
  "status.in_transit.next":
    "Dein Paket ist im Netz des Versanddienstes unterwegs. Als Nächstes geht es in die Zustellung.",
  "status.in_transit.customs_started.next":
    "Dein Paket ist in der Zollabfertigung. Das dauert meist ein bis drei Tage.",
  "status.in_transit.delayed.next":
    "Der Versanddienst meldet eine Verzögerung. Dein Paket ist weiter unterwegs.",
  "status.out_for_delivery.title": "In Zustellung",
  "status.out_for_delivery.next": "Dein Paket ist im Zustellfahrzeug und sollte heute ankommen.",
  "status.available_for_pickup.title": "Abholbereit",
  "status.available_for_pickup.next":
    "Dein Paket liegt an einer Abholstelle bereit. Bring deinen Ausweis und die Sendungsnummer mit.",
  "status.attempt_failed.title": "Zustellversuch",
  "status.attempt_failed.next":
    "Der Versanddienst konnte dein Paket nicht zustellen. Meist gibt es am nächsten Werktag einen neuen Versuch oder eine Benachrichtigung, wo du es abholen kannst.",
  "status.delivered.title": "Zugestellt",
  "status.delivered.next": "Dein Paket wurde zugestellt. Viel Freude damit!",
  "status.delivered.left_at_door.next": "Dein Paket wurde vor deiner Tür abgelegt.",
  "status.delivered.to_neighbor.next": "Dein Paket wurde bei einem Nachbarn abgegeben.",
  "status.delivered.picked_up_by_customer.next": "Du hast dein Paket abgeholt. Viel Freude damit!",
  "status.exception.title": "Problem bei der Zustellung",
  "status.exception.next":
    "Der Versanddienst hat ein Problem mit deinem Paket gemeldet. Wir kümmern uns darum.",
  "status.exception.address_issue.next":
    "Der Versanddienst braucht genauere Adressangaben. Bitte kontaktiere uns, damit wir sie korrigieren können.",
  "status.exception.damaged.next":
    "Der Versanddienst meldet, dass dein Paket beschädigt ist. Wir melden uns wegen Ersatz oder Erstattung.",
  "status.exception.lost.next":
    "Der Versanddienst kann dein Paket nicht finden. Wir melden uns wegen Ersatz oder Erstattung.",
  "status.exception.held_customs.next":
    "Dein Paket wird vom Zoll zurückgehalten. Eventuell wird ein Dokument oder eine Zahlung von dir benötigt.",
  "status.exception.weather_delay.next":
    "Schlechtes Wetter verzögert die Zustellung. Dein Paket ist bald wieder unterwegs.",
  "status.return_to_sender.title": "Rücksendung an den Absender",
  "status.return_to_sender.next":
    "Dein Paket geht zurück an {seller}. Kontaktiere uns, um das weitere Vorgehen zu klären.",
  "status.returned.title": "Zurückgeschickt",
  "status.returned.next":
    "Dein Paket wurde an {seller} zurückgeschickt. Kontaktiere uns für einen neuen Versand oder eine Erstattung.",
  "status.cancelled.title": "Storniert",
  "status.cancelled.next":
    "Diese Sendung wurde storniert. Falls du das nicht erwartet hast, kontaktiere uns.",
  "status.expired.title": "Verfolgung abgelaufen",
  "status.expired.next":
    "Der Versanddienst hat dieses Paket lange nicht aktualisiert. Kontaktiere uns, falls es nicht angekommen ist.",

  "return.pending.title": "Rücksendung angemeldet",
  "return.in_transit.title": "Deine Rücksendung ist unterwegs",
  "return.delivered.title": "Deine Rücksendung ist angekommen",
  "return.next": "Wir melden uns, sobald {seller} deine Rücksendung geprüft hat.",
  "return.delivered.next": "{seller} hat deine Rücksendung erhalten.",

  "milestone.progress": "Lieferfortschritt",
  "milestone.ordered": "Bestellt",
  "milestone.shipped": "Versendet",
  "milestone.in_transit": "Unterwegs",
  "milestone.out_for_delivery": "In Zustellung",
  "milestone.delivered": "Zugestellt",
  "milestone.pickup": "Abholbereit",
  "milestone.problem": "Problem",
  "milestone.returning": "Rücksendung",
  "milestone.returned": "Zurückgeschickt",
  "milestone.state.done": "erledigt",
  "milestone.state.current": "aktueller Schritt",
  "milestone.state.problem": "braucht Aufmerksamkeit",
  "milestone.state.upcoming": "noch nicht",

  "window.heading": "Voraussichtliche Zustellung",
  "window.range": "{from} – {to}",
  "window.source.carrier": "Schätzung von {carrier}",
  "window.source.promise": "Liefertermin von {seller}",
  "window.source.prediction": "Unsere Schätzung aus aktuellen Zustellungen",
  "window.previously": "Zuvor erwartet am {date}",
  "window.history": "So hat sich die Schätzung geändert",
  "window.changedOn": "{when}: {date}",
  "window.late": "Das ist später als der ursprünglich genannte Termin.",
  "window.none": "Der Versanddienst hat noch keinen Liefertermin genannt.",
  "window.passed": "Der erwartete Termin ist überschritten.",
  "delivered.on": "Zugestellt am {date}",

  "history.heading": "Sendungsverlauf",
  "history.empty": "Noch keine Scans. Das ändert sich, sobald der Versanddienst das Paket übernimmt.",
  "history.earlier": "{count} frühere Scans anzeigen",
  "history.zone": "Zeitzone: {zone}.",
  "history.zoneUtc": "Zeitzone: UTC.",

  "help.heading": "Brauchst du Hilfe?",
  "help.delayed": "Entschuldigung, dein Paket braucht länger als erwartet.",
  "help.stalled": "Der Versanddienst hat dieses Paket seit {days} Tagen nicht aktualisiert.",
  "help.whatToDo":
    "Die meisten Verzögerungen lösen sich in wenigen Tagen. Wenn sich nichts ändert, kontaktiere {seller} und wir kümmern uns darum.",
  "help.problem": "Fragen dazu? Melde dich bei {seller}, wir helfen dir weiter.",
  "help.contact": "{seller} kontaktieren",
  "help.email": "E-Mail an {email}",

  "rating.heading": "Wie war die Zustellung?",
  "rating.star": "{n} von 5",
  "rating.thanks": "Danke für deine Bewertung!",
  "rating.yours": "Du hast diese Zustellung mit {n} von 5 bewertet.",
  "rating.comment": "Möchtest du uns noch etwas sagen? (optional)",
  "rating.commentSubmit": "Kommentar senden",
  "rating.commentThanks": "Danke, wir haben deinen Kommentar weitergegeben.",
  "rating.change": "Bewertung ändern",

  "related.heading": "Das könnte dir auch gefallen",

  "error.notFoundTitle": "Seite nicht gefunden",
  "error.notFound": "Diese Tracking-Seite gibt es nicht.",
  "error.generic": "Bei uns ist etwas schiefgegangen. Bitte versuche es gleich noch einmal.",
};
