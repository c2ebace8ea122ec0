/** French shopper messages. */
import type { NotificationCatalog } from "./en.js";

export const fr: NotificationCatalog = {
  statuses: {
    pending: "Commande confirmée",
    info_received: "Étiquette créée",
    in_transit: "En route",
    out_for_delivery: "En cours de livraison",
    available_for_pickup: "Prêt à être retiré",
    attempt_failed: "Tentative de livraison",
    delivered: "Livré",
    exception: "Problème de livraison",
    return_to_sender: "Retour à l'expéditeur",
    returned: "Retourné",
    cancelled: "Annulé",
    expired: "Suivi expiré",
  },
  triggers: {
    shipped: {
      subject: "Votre commande {orderNumber} est en route",
      headline: "Votre commande a été expédiée",
      body: "{carrier} a pris en charge votre colis, il est en route.",
      next: "Rien à faire. Nous vous préviendrons quand il sera en cours de livraison.",
      sms: "{seller} : commande {orderNumber} expédiée. Suivi : {link}",
    },
    out_for_delivery: {
      subject: "Votre commande {orderNumber} arrive aujourd'hui",
      headline: "En cours de livraison",
      body: "Votre colis est dans le véhicule de livraison et devrait arriver aujourd'hui.",
      next: "Assurez-vous que quelqu'un puisse le recevoir, ou consultez les options de livraison.",
      sms: "{seller} : commande {orderNumber} en livraison aujourd'hui. {link}",
    },
    delivered: {
      subject: "Votre commande {orderNumber} a été livrée",
      headline: "Livré",
      body: "Votre colis a été livré. Nous espérons qu'il vous plaira.",
      next: "Vous ne le trouvez pas ? Regardez autour de la porte et chez vos voisins, puis répondez à cet e-mail.",
      sms: "{seller} : commande {orderNumber} livrée. {link}",
    },
    delivery_attempted: {
      subject: "Nous avons tenté de livrer votre commande {orderNumber}",
      headline: "Tentative de livraison",
      body: "Le transporteur a tenté de livrer votre colis, sans succès.",
      next: "Consultez la page de suivi pour organiser une nouvelle livraison ou un retrait.",
      sms: "{seller} : échec de livraison de la commande {orderNumber}. Reprogrammer : {link}",
    },
    ready_for_pickup: {
      subject: "Votre commande {orderNumber} est prête à être retirée",
      headline: "Prêt à être retiré",
      body: "Votre colis vous attend dans un point relais.",
      next: "Munissez-vous d'une pièce d'identité et retirez-le vite : il n'est gardé que quelques jours.",
      sms: "{seller} : commande {orderNumber} prête à être retirée. {link}",
    },
    exception: {
      subject: "Un problème est survenu avec votre commande {orderNumber}",
      headline: "Problème de livraison",
      body: "Le transporteur signale un problème : {problem}.",
      next: "{action}",
      sms: "{seller} : problème avec la commande {orderNumber} : {problem}. {link}",
    },
    delay: {
      subject: "Votre commande {orderNumber} est retardée",
      headline: "Votre livraison est retardée",
      body: "Votre colis a du retard. Il est désormais attendu {window}.",
      next: "Rien à faire. Nous le surveillons.",
      sms: "{seller} : commande {orderNumber} retardée, attendue {window}. {link}",
    },
    returned: {
      subject: "Votre commande {orderNumber} nous est retournée",
      headline: "Retour vers {seller}",
      body: "Votre colis n'a pas pu être livré et repart vers {seller}.",
      next: "Répondez à cet e-mail et nous vous aiderons à recevoir votre commande.",
      sms: "{seller} : commande {orderNumber} en retour chez nous. Contact : {link}",
    },
    return_in_transit: {
      subject: "Votre retour de la commande {orderNumber} est en route",
      headline: "Votre retour est en route",
      body: "{carrier} a pris en charge le colis que vous renvoyez à {seller}.",
      next: "Vous n'avez rien à faire. Nous vous préviendrons dès son arrivée.",
      sms: "{seller} : votre retour de la commande {orderNumber} est en route. {link}",
    },
    return_received: {
      subject: "Nous avons reçu votre retour de la commande {orderNumber}",
      headline: "Retour reçu",
      body: "Votre colis est bien arrivé chez {seller}.",
      next: "Nous vérifions les articles et confirmerons bientôt votre remboursement ou échange.",
      sms: "{seller} : retour de la commande {orderNumber} bien recu. {link}",
    },
  },
  problems: {
    address_issue: "l'adresse est introuvable ou incomplète",
    damaged: "le colis est endommagé",
    lost: "le colis est perdu",
    presumed_lost: "le colis n'a pas bougé depuis longtemps et pourrait être perdu",
    held_customs: "le colis est retenu en douane",
    held_payment: "des droits ou frais doivent être payés avant la livraison",
    refused: "le colis a été refusé",
    weather_delay: "les intempéries retardent les livraisons",
    carrier_delay: "le transporteur a du retard",
    missorted: "le colis a été envoyé au mauvais dépôt",
    unspecified: "la livraison est bloquée",
    stalled: "le colis n'a pas bougé depuis un moment",
  },
  actions: {
    address_issue: "Vérifiez votre adresse sur la page de suivi ou répondez à cet e-mail.",
    held_customs: "La douane peut avoir besoin de documents ; suivez les instructions du transporteur.",
    held_payment: "Réglez les droits ou frais auprès du transporteur pour qu'il puisse livrer.",
    default: "Rien à faire. Nous sommes en contact avec le transporteur et vous tiendrons informé.",
  },
  common: {
    delayNoWindow: {
      body: "Votre colis a du retard.",
      sms: "{seller} : commande {orderNumber} retardée. Suivi : {link}",
    },
    greeting: "Bonjour {firstName},",
    greetingAnonymous: "Bonjour,",
    order: "Commande {orderNumber}",
    window: "Livraison prévue : {window}",
    windowRange: "{from} – {to}",
    track: "Suivre ma commande",
    trackingNumber: "Numéro de suivi {carrier} : {trackingNumber}",
    trackingNumbers: "Numéros de suivi : {list}",
    unsubscribe: "Ne plus recevoir les avis de livraison",
    footer: "Vous recevez cet e-mail car vous avez commandé chez {seller}.",
    noticedProblem: "Nous avons remarqué un problème : {problem}.",
    parcelSubject: "Colis {n} sur {count} de la commande {orderNumber} : {headline}",
    parcelNote:
      "Votre commande arrive en {count} colis : ce message concerne le colis {n}. La page de suivi les montre tous.",
    parcelsSubject: "Colis {list} sur {count} de la commande {orderNumber} : {headline}",
    parcelsNote:
      "Votre commande arrive en {count} colis : ce message concerne les colis {list}. La page de suivi les montre tous.",
    allParcelsNote:
      "Votre commande arrive en {count} colis, et ce message les concerne tous. La page de suivi montre chacun d'eux.",
    /** The body of a message that speaks for several parcels of the order at once ({count} of them). */
    parcelsBody: {
      shipped: "Vos {count} colis sont en route.",
      out_for_delivery:
        "Vos {count} colis sont dans le véhicule de livraison et devraient arriver aujourd'hui.",
      delivered: "Vos {count} colis ont été livrés. Nous espérons qu'ils vous plairont.",
    },
    parcelsNext: {
      shipped: "Rien à faire. Nous vous préviendrons quand ils seront en cours de livraison.",
      out_for_delivery:
        "Assurez-vous que quelqu'un puisse les recevoir, ou consultez les options de livraison.",
      delivered:
        "Il vous en manque un ? Regardez autour de la porte et chez vos voisins, puis répondez à cet e-mail.",
    },
  },
};
