/** Español. */
import type { Messages } from "./en.js";

export const es: Messages = {
  "lang.name": "Español",
  "page.title": "Sigue tu pedido – {seller}",
  "page.titleOrder": "Pedido {number} – {seller}",
  "nav.skip": "Ir al contenido",
  "nav.language": "Idioma",
  "nav.newLookup": "Seguir otro pedido",
  "footer.poweredBy": "Seguimiento por Shipwatch",

  "lookup.heading": "¿Dónde está mi pedido?",
  "lookup.intro":
    "Introduce tu número de pedido y el correo electrónico o el código postal con el que lo hiciste.",
  "lookup.orderNumber": "Número de pedido",
  "lookup.orderNumberHint": "Lo encontrarás en la confirmación de tu pedido.",
  "lookup.contact": "Correo electrónico o código postal",
  "lookup.contactHint": "El correo electrónico del pedido o el código postal de entrega.",
  "lookup.submit": "Seguir pedido",
  "lookup.trackingHeading": "¿Tienes un número de seguimiento?",
  "lookup.trackingNumber": "Número de seguimiento",
  "lookup.trackingSubmit": "Seguir paquete",
  "lookup.notFound":
    "No encontramos ningún pedido con estos datos. Revisa el número de pedido y el correo o código postal e inténtalo de nuevo.",
  "lookup.trackingNotFound":
    "No encontramos ningún paquete con este número de seguimiento. Revísalo e inténtalo de nuevo.",
  "lookup.missing": "Introduce un número de pedido y un correo electrónico o código postal.",
  "lookup.missingTracking": "Introduce un número de seguimiento.",
  "lookup.rateLimited": "Demasiados intentos. Espera {minutes} minutos e inténtalo de nuevo.",
  "lookup.linkExpired": "Este enlace de seguimiento ha caducado o no es válido. Busca tu pedido aquí abajo.",
  "lookup.errorTitle": "Hay un problema",

  "order.heading": "Pedido {number}",
  "order.greeting": "Hola, {name}: esto es lo último sobre tu pedido.",
  "order.greetingAnonymous": "Esto es lo último sobre tu pedido.",
  "order.destination": "Entrega en {city}",
  "order.parcels": "Tu pedido se envía en {count} paquetes.",
  "order.notShipped": "Estamos preparando tu pedido. Verás el seguimiento aquí en cuanto se envíe.",
  "tracking.heading": "Paquete {number}",

  "stage.unfulfilled": "Estamos preparando tu pedido",
  "stage.label_created": "Tu pedido está empaquetado y esperando al transportista",
  "stage.partially_shipped": "Parte de tu pedido está en camino",
  "stage.shipped": "Tu pedido está en camino",
  "stage.partially_delivered": "Parte de tu pedido ha llegado",
  "stage.delivered": "Tu pedido ha sido entregado",
  "stage.returning": "Tu pedido está volviendo a {seller}",
  "stage.returned": "Tu pedido fue devuelto a {seller}",
  "stage.cancelled": "Tu pedido fue cancelado",
  "stage.attention": "Hay un problema con tu entrega",

  "parcel.single": "Tu paquete",
  "parcel.numbered": "Paquete {n} de {count}",
  "parcel.return": "Paquete de devolución",
  "parcel.carrier": "Transportista",
  "parcel.trackingNumber": "Número de seguimiento",
  "parcel.service": "Servicio",
  "parcel.carrierLink": "Seguir en la web de {carrier}",
  "parcel.newWindow": "(se abre en una pestaña nueva)",

  "status.pending.title": "Pedido confirmado",
  "status.pending.next":
    "El vendedor está preparando tu paquete. El seguimiento empieza cuando lo recibe el transportista.",
  "status.info_received.title": "Etiqueta creada",
  "status.info_received.next": "Tu paquete está listo y esperando a que el transportista lo recoja.",
  "status.in_transit.title": "En camino",
  "status.in_transit.next": "Tu paquete avanza por la red del transportista. Después saldrá para el reparto.",
  "status.in_transit.customs_started.next":
    "Tu paquete está pasando la aduana. Suele tardar de uno a tres días.",
  "status.in_transit.delayed.next": "El transportista informa de un retraso. Tu paquete sigue en camino.",
  "status.out_for_delivery.title": "En reparto",
  "status.out_for_delivery.next": "Tu paquete está en el vehículo de reparto y debería llegar hoy.",
  "status.available_for_pickup.title": "Listo para recoger",
  "status.available_for_pickup.next":
    "Tu paquete te espera en un punto de recogida. Lleva tu documento de identidad y el número de seguimiento.",
  "status.attempt_failed.title": "Intento de entrega",
  "status.attempt_failed.next":
    "El transportista no pudo entregar tu paquete. Normalmente lo intenta de nuevo el siguiente día laborable o deja un aviso con el lugar de recogida.",
  "status.delivered.title": "Entregado",
  "status.delivered.next": "Tu paquete ha sido entregado. ¡Que lo disfrutes!",
  "status.delivered.left_at_door.next": "Tu paquete se dejó en tu puerta.",
  "status.delivered.to_neighbor.next": "Tu paquete se dejó a un vecino.",
  "status.delivered.picked_up_by_customer.next": "Has recogido tu paquete. ¡Que lo disfrutes!",
  "status.exception.title": "Problema con la entrega",
  "status.exception.next":
    "El transportista ha informado de un problema con tu paquete. Lo estamos revisando.",
  "status.exception.address_issue.next":
    "El transportista necesita más datos de la dirección. Ponte en contacto con nosotros para corregirla.",
  "status.exception.damaged.next":
    "El transportista informa de que tu paquete está dañado. Te contactaremos para reponerlo o reembolsarlo.",
  "status.exception.lost.next":
    "El transportista no encuentra tu paquete. Te contactaremos para reponerlo o reembolsarlo.",
  "status.exception.held_customs.next":
    "Tu paquete está retenido en aduana. Puede que necesiten un documento o un pago por tu parte.",
  "status.exception.weather_delay.next":
    "El mal tiempo está retrasando las entregas. Tu paquete seguirá pronto.",
  "status.return_to_sender.title": "Volviendo al remitente",
  "status.return_to_sender.next":
    "Tu paquete vuelve a {seller}. Ponte en contacto con nosotros para decidir qué hacer.",
  "status.returned.title": "Devuelto",
  "status.returned.next":
    "Tu paquete fue devuelto a {seller}. Contáctanos para un nuevo envío o un reembolso.",
  "status.cancelled.title": "Cancelado",
  "status.cancelled.next": "Este envío fue cancelado. Si no lo esperabas, ponte en contacto con nosotros.",
  "status.expired.title": "Seguimiento caducado",
  "status.expired.next":
    "El transportista no actualiza este paquete desde hace mucho. Contáctanos si no ha llegado.",

  "return.pending.title": "Devolución registrada",
  "return.in_transit.title": "Tu devolución está en camino",
  "return.delivered.title": "Tu devolución ha llegado",
  "return.next": "Te avisaremos cuando {seller} haya revisado tu devolución.",
  "return.delivered.next": "{seller} ha recibido tu devolución.",

  "milestone.progress": "Progreso de la entrega",
  "milestone.ordered": "Pedido",
  "milestone.shipped": "Enviado",
  "milestone.in_transit": "En tránsito",
  "milestone.out_for_delivery": "En reparto",
  "milestone.delivered": "Entregado",
  "milestone.pickup": "Listo para recoger",
  "milestone.problem": "Problema",
  "milestone.returning": "En devolución",
  "milestone.returned": "Devuelto",
  "milestone.state.done": "completado",
  "milestone.state.current": "paso actual",
  "milestone.state.problem": "requiere atención",
  "milestone.state.upcoming": "pendiente",

  "window.heading": "Entrega prevista",
  "window.range": "{from} – {to}",
  "window.source.carrier": "Estimación de {carrier}",
  "window.source.promise": "Fecha de entrega indicada por {seller}",
  "window.source.prediction": "Nuestra estimación, según entregas recientes",
  "window.previously": "Antes prevista para el {date}",
  "window.history": "Cómo ha cambiado la estimación",
  "window.changedOn": "{when}: {date}",
  "window.late": "Es más tarde de la fecha que te dimos al principio.",
  "window.none": "El transportista aún no ha indicado una fecha de entrega.",
  "window.passed": "La fecha prevista ya ha pasado.",
  "delivered.on": "Entregado el {date}",

  "history.heading": "Historial de seguimiento",
  "history.empty": "Todavía no hay escaneos. Se actualizará cuando el transportista reciba el paquete.",
  "history.earlier": "Ver {count} escaneos anteriores",
  "history.zone": "Zona horaria: {zone}.",
  "history.zoneUtc": "Zona horaria: UTC.",

  "help.heading": "¿Necesitas ayuda?",
  "help.delayed": "Lo sentimos, tu paquete está tardando más de lo previsto.",
  "help.stalled": "El transportista no ha actualizado este paquete desde hace {days} días.",
  "help.whatToDo":
    "La mayoría de los retrasos se resuelven en pocos días. Si nada cambia, contacta con {seller} y lo solucionaremos.",
  "help.problem": "¿Tienes preguntas? Contacta con {seller} y te ayudaremos.",
  "help.contact": "Contactar con {seller}",
  "help.email": "Escribir a {email}",

  "rating.heading": "¿Qué tal fue la entrega?",
  "rating.star": "{n} de 5",
  "rating.thanks": "¡Gracias por tu valoración!",
  "rating.yours": "Valoraste esta entrega con {n} de 5.",
  "rating.comment": "¿Quieres contarnos algo? (opcional)",
  "rating.commentSubmit": "Enviar comentario",
  "rating.commentThanks": "Gracias, hemos transmitido tu comentario.",
  "rating.change": "Cambiar tu valoración",

  "related.heading": "También te puede gustar",

  "error.notFoundTitle": "Página no encontrada",
  "error.notFound": "Esta página de seguimiento no existe.",
  "error.generic": "Algo ha fallado por nuestra parte. Inténtalo de nuevo en un momento.",
};
