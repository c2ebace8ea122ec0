/**
 * English: the reference catalog of shopper messages. `{name}` placeholders are filled with plain text (HTML
 * escaping happens when the e-mail is assembled). SMS lines are written to fit one GSM-7 segment with a link.
 */
export const en = {
  statuses: {
    pending: "Order confirmed",
    info_received: "Label created",
    in_transit: "On its way",
    out_for_delivery: "Out for delivery",
    available_for_pickup: "Ready for pickup",
    attempt_failed: "Delivery attempted",
    delivered: "Delivered",
    exception: "Problem with delivery",
    return_to_sender: "Returning to sender",
    returned: "Returned",
    cancelled: "Cancelled",
    expired: "Tracking expired",
  },
  triggers: {
    shipped: {
      subject: "Your order {orderNumber} is on its way",
      headline: "Your order has shipped",
      body: "{carrier} has your parcel and it is on its way to you.",
      next: "No action needed. We will let you know when it is out for delivery.",
      sms: "{seller}: order {orderNumber} has shipped. Track it: {link}",
    },
    out_for_delivery: {
      subject: "Your order {orderNumber} arrives today",
      headline: "Out for delivery",
      body: "Your parcel is on the delivery vehicle and should arrive today.",
      next: "Make sure someone can receive it, or check the delivery options in the tracking page.",
      sms: "{seller}: order {orderNumber} is out for delivery today. {link}",
    },
    delivered: {
      subject: "Your order {orderNumber} has been delivered",
      headline: "Delivered",
      body: "Your parcel has been delivered. We hope you enjoy it.",
      next: "Can't find it? Check around your door and with neighbours, then reply to this e-mail.",
      sms: "{seller}: order {orderNumber} has been delivered. {link}",
    },
    delivery_attempted: {
      subject: "We tried to deliver your order {orderNumber}",
      headline: "Delivery attempted",
      body: "The carrier tried to deliver your parcel but could not.",
      next: "Check the tracking page to arrange a new delivery or a pickup.",
      sms: "{seller}: delivery of order {orderNumber} failed. Rearrange it: {link}",
    },
    ready_for_pickup: {
      subject: "Your order {orderNumber} is ready for pickup",
      headline: "Ready for pickup",
      body: "Your parcel is waiting for you at a pickup point.",
      next: "Bring ID and pick it up soon: pickup points only hold parcels for a few days.",
      sms: "{seller}: order {orderNumber} is ready for pickup. Details: {link}",
    },
    exception: {
      subject: "There is a problem with your order {orderNumber}",
      headline: "Problem with delivery",
      body: "The carrier reported a problem: {problem}.",
      next: "{action}",
      sms: "{seller}: problem with order {orderNumber}: {problem}. {link}",
    },
    delay: {
      subject: "Your order {orderNumber} is delayed",
      headline: "Your delivery is delayed",
      body: "Your parcel is running late. It is now expected {window}.",
      next: "No action needed. We are keeping an eye on it.",
      sms: "{seller}: order {orderNumber} is delayed, now expected {window}. {link}",
    },
    returned: {
      subject: "Your order {orderNumber} is being returned",
      headline: "Returning to {seller}",
      body: "Your parcel could not be delivered and is on its way back to {seller}.",
      next: "Reply to this e-mail and we will help you get your order.",
      sms: "{seller}: order {orderNumber} is being returned to us. Contact us: {link}",
    },
    return_in_transit: {
      subject: "Your return for order {orderNumber} is on its way",
      headline: "Your return is on its way",
      body: "{carrier} has picked up the parcel you are sending back to {seller}.",
      next: "No action needed. We will let you know as soon as it arrives.",
      sms: "{seller}: your return for order {orderNumber} is on its way to us. {link}",
    },
    return_received: {
      subject: "We received your return for order {orderNumber}",
      headline: "Return received",
      body: "Your parcel is back with {seller}.",
      next: "We are checking the items and will confirm your refund or exchange shortly.",
      sms: "{seller}: we received your return for order {orderNumber}. {link}",
    },
  },
  problems: {
    address_issue: "the address could not be found or is incomplete",
    damaged: "the parcel was damaged",
    lost: "the parcel is lost",
    presumed_lost: "the parcel has not moved for a long time and may be lost",
    held_customs: "the parcel is held at customs",
    held_payment: "duties or fees must be paid before delivery",
    refused: "the parcel was refused",
    weather_delay: "bad weather is delaying deliveries",
    carrier_delay: "the carrier is running late",
    missorted: "the parcel was sent to the wrong depot",
    unspecified: "the delivery is held up",
    stalled: "the parcel has not moved for a while",
  },
  actions: {
    address_issue: "Please check your address in the tracking page or reply to this e-mail.",
    held_customs: "Customs may need documents from you; follow the carrier's instructions.",
    held_payment: "Pay the duties or fees with the carrier so they can deliver.",
    default: "No action needed. We are working with the carrier and will keep you posted.",
  },
  common: {
    /** A delay message when no window can be given (none known, or the last one has passed). */
    delayNoWindow: {
      body: "Your parcel is running late.",
      sms: "{seller}: order {orderNumber} is delayed. Track it: {link}",
    },
    greeting: "Hi {firstName},",
    greetingAnonymous: "Hello,",
    order: "Order {orderNumber}",
    window: "Expected delivery: {window}",
    windowRange: "{from} – {to}",
    track: "Track your order",
    trackingNumber: "{carrier} tracking number {trackingNumber}",
    trackingNumbers: "Tracking numbers: {list}",
    unsubscribe: "Unsubscribe from delivery updates",
    footer: "You receive this e-mail because you ordered from {seller}.",
    noticedProblem: "We noticed a problem: {problem}.",
    parcelSubject: "Parcel {n} of {count} of order {orderNumber}: {headline}",
    parcelNote:
      "Your order comes in {count} parcels: this message is about parcel {n}. The tracking page shows them all.",
    parcelsSubject: "Parcels {list} of {count} of order {orderNumber}: {headline}",
    parcelsNote:
      "Your order comes in {count} parcels: this message is about parcels {list}. The tracking page shows them all.",
    allParcelsNote:
      "Your order comes in {count} parcels, and this message is about all of them. The tracking page shows each one.",
    /** The body of a message that speaks for several parcels of the order at once ({count} of them). */
    parcelsBody: {
      shipped: "Your {count} parcels are on their way to you.",
      out_for_delivery: "Your {count} parcels are on the delivery vehicle and should arrive today.",
      delivered: "Your {count} parcels have been delivered. We hope you enjoy them.",
    },
    /** The next step of such a message, of the parcels in the plural. */
    parcelsNext: {
      shipped: "No action needed. We will let you know when they are out for delivery.",
      out_for_delivery:
        "Make sure someone can receive them, or check the delivery options in the tracking page.",
      delivered: "Can't find one? Check around your door and with neighbours, then reply to this e-mail.",
    },
  },
};

export type NotificationCatalog = typeof en;
