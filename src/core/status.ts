/**
 * The normalized status vocabulary (DESIGN.md). Kept as data: every status lists its sub-statuses, what the
 * shopper sees, and the AfterShip tag and EasyPost status it corresponds to, so tools built for those
 * vocabularies keep working.
 */

export const STATUSES = [
  "pending",
  "info_received",
  "in_transit",
  "out_for_delivery",
  "available_for_pickup",
  "attempt_failed",
  "delivered",
  "exception",
  "return_to_sender",
  "returned",
  "cancelled",
  "expired",
] as const;

export type Status = (typeof STATUSES)[number];

export interface StatusInfo {
  readonly status: Status;
  readonly substatuses: readonly string[];
  /** What a shopper reads (English; the tracking page localizes from this key). */
  readonly shopperLabel: string;
  /** AfterShip `tag` this status corresponds to. */
  readonly aftershipTag: string;
  /** EasyPost tracker `status` this status corresponds to. */
  readonly easypostStatus: string;
  /** A terminal status ends polling and notifications for the shipment. */
  readonly terminal: boolean;
  /** Position on the forward journey; used to break ties between events at the same instant. */
  readonly rank: number;
}

export const STATUS_TABLE: Readonly<Record<Status, StatusInfo>> = {
  pending: {
    status: "pending",
    substatuses: [],
    shopperLabel: "Order confirmed",
    aftershipTag: "Pending",
    easypostStatus: "pre_transit",
    terminal: false,
    rank: 0,
  },
  info_received: {
    status: "info_received",
    substatuses: ["label_created", "awaiting_pickup"],
    shopperLabel: "Label created",
    aftershipTag: "InfoReceived",
    easypostStatus: "pre_transit",
    terminal: false,
    rank: 1,
  },
  in_transit: {
    status: "in_transit",
    substatuses: [
      "picked_up",
      "departed_facility",
      "arrived_at_facility",
      "customs_started",
      "customs_cleared",
      "arrived_destination_country",
      "forwarded",
      "delayed",
    ],
    shopperLabel: "On its way",
    aftershipTag: "InTransit",
    easypostStatus: "in_transit",
    terminal: false,
    rank: 2,
  },
  exception: {
    status: "exception",
    substatuses: [
      "address_issue",
      "damaged",
      "lost",
      "held_customs",
      "held_payment",
      "refused",
      "weather_delay",
      "carrier_delay",
      "missorted",
    ],
    shopperLabel: "Problem with delivery",
    aftershipTag: "Exception",
    easypostStatus: "failure",
    terminal: false,
    rank: 3,
  },
  out_for_delivery: {
    status: "out_for_delivery",
    substatuses: [],
    shopperLabel: "Out for delivery",
    aftershipTag: "OutForDelivery",
    easypostStatus: "out_for_delivery",
    terminal: false,
    rank: 4,
  },
  attempt_failed: {
    status: "attempt_failed",
    substatuses: ["recipient_unavailable", "business_closed", "access_problem"],
    shopperLabel: "Delivery attempted",
    aftershipTag: "AttemptFail",
    easypostStatus: "failure",
    terminal: false,
    rank: 5,
  },
  available_for_pickup: {
    status: "available_for_pickup",
    substatuses: [],
    shopperLabel: "Ready for pickup",
    aftershipTag: "AvailableForPickup",
    easypostStatus: "available_for_pickup",
    terminal: false,
    rank: 6,
  },
  delivered: {
    status: "delivered",
    substatuses: ["signed", "left_at_door", "to_neighbor", "picked_up_by_customer"],
    shopperLabel: "Delivered",
    aftershipTag: "Delivered",
    easypostStatus: "delivered",
    terminal: true,
    rank: 7,
  },
  return_to_sender: {
    status: "return_to_sender",
    substatuses: [],
    shopperLabel: "Returning to sender",
    aftershipTag: "Exception",
    easypostStatus: "return_to_sender",
    terminal: false,
    rank: 8,
  },
  returned: {
    status: "returned",
    substatuses: [],
    shopperLabel: "Returned",
    aftershipTag: "Exception",
    easypostStatus: "return_to_sender",
    terminal: true,
    rank: 9,
  },
  cancelled: {
    status: "cancelled",
    substatuses: [],
    shopperLabel: "Cancelled",
    aftershipTag: "Expired",
    easypostStatus: "cancelled",
    terminal: true,
    rank: 10,
  },
  expired: {
    status: "expired",
    substatuses: [],
    shopperLabel: "Tracking expired",
    aftershipTag: "Expired",
    easypostStatus: "unknown",
    terminal: true,
    rank: 11,
  },
};

/**
 * The carrier reports the parcel lost ("lost" is an exception's sub-status only): no delivery is expected, so the
 * tracking page, shopper messages and reply drafts give it no delivery window.
 */
export function isReportedLost(substatus: string | null | undefined): boolean {
  return substatus === "lost";
}

export function isStatus(value: unknown): value is Status {
  return typeof value === "string" && (STATUSES as readonly string[]).includes(value);
}

/** True when `substatus` is one DESIGN.md (or an adapter's extension) lists under `status`. */
export function isKnownSubstatus(status: Status, substatus: string): boolean {
  return STATUS_TABLE[status].substatuses.includes(substatus);
}
