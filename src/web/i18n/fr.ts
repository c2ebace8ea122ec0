/** Français. */
import type { Messages } from "./en.js";

export const fr: Messages = {
  "lang.name": "Français",
  "page.title": "Suivre votre commande – {seller}",
  "page.titleOrder": "Commande {number} – {seller}",
  "nav.skip": "Aller au contenu",
  "nav.language": "Langue",
  "nav.newLookup": "Suivre une autre commande",
  "footer.poweredBy": "Suivi par Shipwatch",

  "lookup.heading": "Où est ma commande ?",
  "lookup.intro":
    "Saisissez votre numéro de commande et l’adresse e-mail ou le code postal utilisés pour la commande.",
  "lookup.orderNumber": "Numéro de commande",
  "lookup.orderNumberHint": "Il figure dans votre confirmation de commande.",
  "lookup.contact": "E-mail ou code postal",
  "lookup.contactHint": "L’adresse e-mail de la commande, ou le code postal de livraison.",
  "lookup.submit": "Suivre la commande",
  "lookup.trackingHeading": "Vous avez un numéro de suivi ?",
  "lookup.trackingNumber": "Numéro de suivi",
  "lookup.trackingSubmit": "Suivre le colis",
  "lookup.notFound":
    "Nous n’avons trouvé aucune commande avec ces informations. Vérifiez le numéro de commande et l’e-mail ou le code postal, puis réessayez.",
  "lookup.trackingNotFound":
    "Nous n’avons trouvé aucun colis avec ce numéro de suivi. Vérifiez-le et réessayez.",
  "lookup.missing": "Saisissez un numéro de commande et une adresse e-mail ou un code postal.",
  "lookup.missingTracking": "Saisissez un numéro de suivi.",
  "lookup.rateLimited": "Trop de tentatives. Patientez {minutes} minutes puis réessayez.",
  "lookup.linkExpired":
    "Ce lien de suivi a expiré ou n’est pas valide. Recherchez votre commande ci-dessous.",
  "lookup.errorTitle": "Il y a un problème",

  "order.heading": "Commande {number}",
  "order.greeting": "Bonjour {name}, voici les dernières nouvelles de votre commande.",
  "order.greetingAnonymous": "Voici les dernières nouvelles de votre commande.",
  "order.destination": "Livraison à {city}",
  "order.parcels": "Votre commande est expédiée en {count} colis.",
  "order.notShipped": "Nous préparons votre commande. Le suivi apparaîtra ici dès son expédition.",
  "tracking.heading": "Colis {number}",

  "stage.unfulfilled": "Nous préparons votre commande",
  "stage.label_created": "Votre commande est emballée et attend le transporteur",
  "stage.partially_shipped": "Une partie de votre commande est en route",
  "stage.shipped": "Votre commande est en route",
  "stage.partially_delivered": "Une partie de votre commande est arrivée",
  "stage.delivered": "Votre commande a été livrée",
  "stage.returning": "Votre commande repart chez {seller}",
  "stage.returned": "Votre commande a été retournée à {seller}",
  "stage.cancelled": "Votre commande a été annulée",
  "stage.attention": "Il y a un problème avec votre livraison",

  "parcel.single": "Votre colis",
  "parcel.numbered": "Colis {n} sur {count}",
  "parcel.return": "Colis retour",
  "parcel.carrier": "Transporteur",
  "parcel.trackingNumber": "Numéro de suivi",
  "parcel.service": "Service",
  "parcel.carrierLink": "Suivre sur le site de {carrier}",
  "parcel.newWindow": "(s’ouvre dans un nouvel onglet)",

  "status.pending.title": "Commande confirmée",
  "status.pending.next": "Le vendeur prépare votre colis. Le suivi commence quand le transporteur le reçoit.",
  "status.info_received.title": "Étiquette créée",
  "status.info_received.next": "Votre colis est emballé et attend d’être pris en charge par le transporteur.",
  "status.in_transit.title": "En route",
  "status.in_transit.next":
    "Votre colis circule dans le réseau du transporteur. Prochaine étape : la livraison.",
  "status.in_transit.customs_started.next":
    "Votre colis passe la douane. Cela prend en général un à trois jours.",
  "status.in_transit.delayed.next": "Le transporteur signale un retard. Votre colis est toujours en route.",
  "status.out_for_delivery.title": "En cours de livraison",
  "status.out_for_delivery.next":
    "Votre colis est dans le véhicule de livraison et devrait arriver aujourd’hui.",
  "status.available_for_pickup.title": "Disponible en point relais",
  "status.available_for_pickup.next":
    "Votre colis vous attend en point de retrait. Munissez-vous d’une pièce d’identité et du numéro de suivi.",
  "status.attempt_failed.title": "Tentative de livraison",
  "status.attempt_failed.next":
    "Le transporteur n’a pas pu livrer votre colis. Il réessaie en général le jour ouvré suivant, ou laisse un avis indiquant où le retirer.",
  "status.delivered.title": "Livré",
  "status.delivered.next": "Votre colis a été livré. Bonne découverte !",
  "status.delivered.left_at_door.next": "Votre colis a été déposé devant votre porte.",
  "status.delivered.to_neighbor.next": "Votre colis a été remis à un voisin.",
  "status.delivered.picked_up_by_customer.next": "Vous avez retiré votre colis. Bonne découverte !",
  "status.exception.title": "Problème de livraison",
  "status.exception.next": "Le transporteur a signalé un problème avec votre colis. Nous nous en occupons.",
  "status.exception.address_issue.next":
    "Le transporteur a besoin de précisions sur l’adresse. Contactez-nous pour la corriger.",
  "status.exception.damaged.next":
    "Le transporteur signale que votre colis est endommagé. Nous vous contacterons pour un remplacement ou un remboursement.",
  "status.exception.lost.next":
    "Le transporteur ne retrouve pas votre colis. Nous vous contacterons pour un remplacement ou un remboursement.",
  "status.exception.held_customs.next":
    "Votre colis est retenu en douane. Un document ou un paiement peut vous être demandé.",
  "status.exception.weather_delay.next": "La météo retarde les livraisons. Votre colis repartira bientôt.",
  "status.return_to_sender.title": "Retour à l’expéditeur",
  "status.return_to_sender.next":
    "Votre colis repart chez {seller}. Contactez-nous pour décider de la suite.",
  "status.returned.title": "Retourné",
  "status.returned.next":
    "Votre colis a été retourné à {seller}. Contactez-nous pour un nouvel envoi ou un remboursement.",
  "status.cancelled.title": "Annulé",
  "status.cancelled.next": "Cet envoi a été annulé. Si vous ne vous y attendiez pas, contactez-nous.",
  "status.expired.title": "Suivi expiré",
  "status.expired.next":
    "Le transporteur n’a pas mis à jour ce colis depuis longtemps. Contactez-nous s’il n’est pas arrivé.",

  "return.pending.title": "Retour enregistré",
  "return.in_transit.title": "Votre retour est en route",
  "return.delivered.title": "Votre retour est arrivé",
  "return.next": "Nous vous préviendrons quand {seller} aura vérifié votre retour.",
  "return.delivered.next": "{seller} a bien reçu votre retour.",

  "milestone.progress": "Avancement de la livraison",
  "milestone.ordered": "Commandé",
  "milestone.shipped": "Expédié",
  "milestone.in_transit": "En transit",
  "milestone.out_for_delivery": "En livraison",
  "milestone.delivered": "Livré",
  "milestone.pickup": "En point relais",
  "milestone.problem": "Problème",
  "milestone.returning": "En retour",
  "milestone.returned": "Retourné",
  "milestone.state.done": "terminé",
  "milestone.state.current": "étape actuelle",
  "milestone.state.problem": "demande une action",
  "milestone.state.upcoming": "à venir",

  "window.heading": "Livraison prévue",
  "window.range": "{from} – {to}",
  "window.source.carrier": "Estimation de {carrier}",
  "window.source.promise": "Date de livraison indiquée par {seller}",
  "window.source.prediction": "Notre estimation, d’après les livraisons récentes",
  "window.previously": "Auparavant prévue le {date}",
  "window.history": "Évolution de l’estimation",
  "window.changedOn": "{when} : {date}",
  "window.late": "C’est plus tard que la date annoncée au départ.",
  "window.none": "Le transporteur n’a pas encore donné de date de livraison.",
  "window.passed": "La date prévue est dépassée.",
  "delivered.on": "Livré le {date}",

  "history.heading": "Historique du suivi",
  "history.empty": "Aucun scan pour l’instant. Cela se mettra à jour quand le transporteur recevra le colis.",
  "history.earlier": "Voir les {count} scans précédents",
  "history.zone": "Fuseau horaire : {zone}.",
  "history.zoneUtc": "Fuseau horaire : UTC.",

  "help.heading": "Besoin d’aide ?",
  "help.delayed": "Désolés, votre colis met plus de temps que prévu.",
  "help.stalled": "Le transporteur n’a pas mis à jour ce colis depuis {days} jours.",
  "help.whatToDo":
    "La plupart des retards se règlent en quelques jours. Si rien ne change, contactez {seller} et nous trouverons une solution.",
  "help.problem": "Des questions ? Contactez {seller}, nous vous aiderons.",
  "help.contact": "Contacter {seller}",
  "help.email": "Écrire à {email}",

  "rating.heading": "Comment s’est passée la livraison ?",
  "rating.star": "{n} sur 5",
  "rating.thanks": "Merci pour votre note !",
  "rating.yours": "Vous avez donné {n} sur 5 à cette livraison.",
  "rating.comment": "Quelque chose à nous dire ? (facultatif)",
  "rating.commentSubmit": "Envoyer le commentaire",
  "rating.commentThanks": "Merci, nous avons transmis votre commentaire.",
  "rating.change": "Modifier votre note",

  "related.heading": "Vous aimerez aussi",

  "error.notFoundTitle": "Page introuvable",
  "error.notFound": "Cette page de suivi n’existe pas.",
  "error.generic": "Une erreur s’est produite de notre côté. Réessayez dans un instant.",
};
