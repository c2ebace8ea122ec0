/** Spanish shopper messages. */
import type { NotificationCatalog } from "./en.js";

export const es: NotificationCatalog = {
  statuses: {
    pending: "Pedido confirmado",
    info_received: "Etiqueta creada",
    in_transit: "En camino",
    out_for_delivery: "En reparto",
    available_for_pickup: "Listo para recoger",
    attempt_failed: "Intento de entrega",
    delivered: "Entregado",
    exception: "Problema con la entrega",
    return_to_sender: "Devolviéndose al remitente",
    returned: "Devuelto",
    cancelled: "Cancelado",
    expired: "Seguimiento caducado",
  },
  triggers: {
    shipped: {
      subject: "Tu pedido {orderNumber} está en camino",
      headline: "Tu pedido ha sido enviado",
      body: "{carrier} ya tiene tu paquete y está en camino.",
      next: "No tienes que hacer nada. Te avisaremos cuando salga para entrega.",
      sms: "{seller}: tu pedido {orderNumber} ha sido enviado. Síguelo: {link}",
    },
    out_for_delivery: {
      subject: "Tu pedido {orderNumber} llega hoy",
      headline: "En reparto",
      body: "Tu paquete está en el vehículo de reparto y debería llegar hoy.",
      next: "Asegúrate de que alguien pueda recibirlo o revisa las opciones de entrega.",
      sms: "{seller}: tu pedido {orderNumber} está en reparto hoy. {link}",
    },
    delivered: {
      subject: "Tu pedido {orderNumber} ha sido entregado",
      headline: "Entregado",
      body: "Tu paquete ha sido entregado. ¡Esperamos que lo disfrutes!",
      next: "¿No lo encuentras? Mira cerca de la puerta y con tus vecinos, y responde a este correo.",
      sms: "{seller}: tu pedido {orderNumber} ha sido entregado. {link}",
    },
    delivery_attempted: {
      subject: "Intentamos entregar tu pedido {orderNumber}",
      headline: "Intento de entrega",
      body: "El transportista intentó entregar tu paquete, pero no pudo.",
      next: "Consulta la página de seguimiento para programar otra entrega o una recogida.",
      sms: "{seller}: no se pudo entregar el pedido {orderNumber}. Reprograma: {link}",
    },
    ready_for_pickup: {
      subject: "Tu pedido {orderNumber} está listo para recoger",
      headline: "Listo para recoger",
      body: "Tu paquete te espera en un punto de recogida.",
      next: "Lleva tu documento de identidad y recógelo pronto: solo lo guardan unos días.",
      sms: "{seller}: tu pedido {orderNumber} está listo para recoger. {link}",
    },
    exception: {
      subject: "Hay un problema con tu pedido {orderNumber}",
      headline: "Problema con la entrega",
      body: "El transportista informó de un problema: {problem}.",
      next: "{action}",
      sms: "{seller}: problema con el pedido {orderNumber}: {problem}. {link}",
    },
    delay: {
      subject: "Tu pedido {orderNumber} se retrasa",
      headline: "Tu entrega se retrasa",
      body: "Tu paquete va con retraso. Ahora se espera {window}.",
      next: "No tienes que hacer nada. Lo estamos vigilando.",
      sms: "{seller}: el pedido {orderNumber} se retrasa, llegada prevista {window}. {link}",
    },
    returned: {
      subject: "Tu pedido {orderNumber} está siendo devuelto",
      headline: "Volviendo a {seller}",
      body: "No se pudo entregar tu paquete y está volviendo a {seller}.",
      next: "Responde a este correo y te ayudaremos a recibir tu pedido.",
      sms: "{seller}: el pedido {orderNumber} nos está siendo devuelto. Contacto: {link}",
    },
    return_in_transit: {
      subject: "Tu devolución del pedido {orderNumber} está en camino",
      headline: "Tu devolución está en camino",
      body: "{carrier} ha recogido el paquete que devuelves a {seller}.",
      next: "No tienes que hacer nada. Te avisaremos en cuanto llegue.",
      sms: "{seller}: tu devolucion del pedido {orderNumber} va de camino. {link}",
    },
    return_received: {
      subject: "Hemos recibido tu devolución del pedido {orderNumber}",
      headline: "Devolución recibida",
      body: "Tu paquete ya está de vuelta en {seller}.",
      next: "Estamos revisando los artículos y pronto confirmaremos tu reembolso o cambio.",
      sms: "{seller}: hemos recibido tu devolucion del pedido {orderNumber}. {link}",
    },
  },
  problems: {
    address_issue: "no se encontró la dirección o está incompleta",
    damaged: "el paquete está dañado",
    lost: "el paquete se ha perdido",
    presumed_lost: "el paquete lleva mucho tiempo sin moverse y podría haberse perdido",
    held_customs: "el paquete está retenido en aduanas",
    held_payment: "hay que pagar aranceles o tasas antes de la entrega",
    refused: "el paquete fue rechazado",
    weather_delay: "el mal tiempo retrasa las entregas",
    carrier_delay: "el transportista va con retraso",
    missorted: "el paquete se envió al centro equivocado",
    unspecified: "la entrega está detenida",
    stalled: "el paquete lleva un tiempo sin moverse",
  },
  actions: {
    address_issue: "Revisa tu dirección en la página de seguimiento o responde a este correo.",
    held_customs: "Aduanas puede necesitar documentos; sigue las instrucciones del transportista.",
    held_payment: "Paga los aranceles o tasas al transportista para que pueda entregar.",
    default:
      "No tienes que hacer nada. Estamos en contacto con el transportista y te mantendremos informado.",
  },
  common: {
    delayNoWindow: {
      body: "Tu paquete va con retraso.",
      sms: "{seller}: el pedido {orderNumber} se retrasa. Síguelo: {link}",
    },
    greeting: "Hola {firstName}:",
    greetingAnonymous: "Hola:",
    order: "Pedido {orderNumber}",
    window: "Entrega prevista: {window}",
    windowRange: "{from} – {to}",
    track: "Seguir mi pedido",
    trackingNumber: "Número de seguimiento de {carrier}: {trackingNumber}",
    trackingNumbers: "Números de seguimiento: {list}",
    unsubscribe: "Dejar de recibir avisos de entrega",
    footer: "Recibes este correo porque hiciste un pedido en {seller}.",
    noticedProblem: "Hemos detectado un problema: {problem}.",
    parcelSubject: "Paquete {n} de {count} del pedido {orderNumber}: {headline}",
    parcelNote:
      "Tu pedido llega en {count} paquetes: este mensaje trata del paquete {n}. La página de seguimiento los muestra todos.",
    parcelsSubject: "Paquetes {list} de {count} del pedido {orderNumber}: {headline}",
    parcelsNote:
      "Tu pedido llega en {count} paquetes: este mensaje trata de los paquetes {list}. La página de seguimiento los muestra todos.",
    allParcelsNote:
      "Tu pedido llega en {count} paquetes y este mensaje trata de todos ellos. La página de seguimiento muestra cada uno.",
    /** The body of a message that speaks for several parcels of the order at once ({count} of them). */
    parcelsBody: {
      shipped: "Tus {count} paquetes están en camino.",
      out_for_delivery: "Tus {count} paquetes están en el vehículo de reparto y deberían llegar hoy.",
      delivered: "Tus {count} paquetes han sido entregados. ¡Esperamos que los disfrutes!",
    },
    parcelsNext: {
      shipped: "No tienes que hacer nada. Te avisaremos cuando salgan para entrega.",
      out_for_delivery: "Asegúrate de que alguien pueda recibirlos o revisa las opciones de entrega.",
      delivered:
        "¿No encuentras alguno? Mira cerca de la puerta y con tus vecinos, y responde a este correo.",
    },
  },
};
