/**
 * The tracking page's view model: everything the HTML, the widget and the JSON endpoint show, and nothing a
 * shopper should not see. Personal data stops at the first name and the destination city; a tracking-number
 * view (no order) carries neither.
 */
import { zoneForLocation } from "../../carriers/shared/zones.js";
import { carrierName, getCarrier } from "../../carriers/registry.js";
import { STATUS_TABLE, isStatus, type Status } from "../../core/status.js";
import { withoutCancelledBesideLive } from "../../core/order-stage.js";
import type { RelatedProduct } from "../../db/repositories/related-products.js";
import type { TrackingPageData } from "../../db/repositories/tracking-page-data.js";
import type { SellerBrand } from "./brand.js";
import { localDate, windowFromToday, type DeliveryWindowView } from "./delivery-window.js";
import { progressSteps, type Step } from "./milestones.js";
import type { ReturnsPanel } from "../../returns/page-data.js";

/** A parcel with no carrier update for this long (and not finished) gets the "what to do" help. */
export const STALLED_AFTER_DAYS = 4;

export interface ScanView {
  at: Date;
  description: string;
  place: string | null;
}

export interface ShipmentView {
  direction: "outbound" | "return";
  carrier: string;
  carrierName: string;
  carrierUrl: string | null;
  trackingNumber: string;
  service: string | null;
  status: Status;
  substatus: string | null;
  steps: Step[];
  window: DeliveryWindowView | null;
  /** The window's last day is before today (shopper's zone) and the parcel is not delivered. */
  late: boolean;
  /** Days without a carrier update, when past STALLED_AFTER_DAYS on an unfinished parcel. */
  stalledDays: number | null;
  needsHelp: boolean;
  deliveredAt: Date | null;
  scans: ScanView[];
}

export interface OrderView {
  number: string;
  firstName: string | null;
  destinationCity: string | null;
  stage: string;
  rating: { rating: number; comment: string | null } | null;
  canRate: boolean;
}

export interface TrackingPageModel {
  scope: "order" | "shipment";
  seller: SellerBrand;
  order: OrderView | null;
  shipments: ShipmentView[];
  /** IANA zone the times are shown in; null = UTC on the server, the browser's zone once the script runs. */
  timeZone: string | null;
  relatedProducts: RelatedProduct[];
  /** The order's returns and whether one can be started (order pages only). */
  returns: ReturnsPanel | null;
}

const TERMINAL_OR_WAITING: ReadonlySet<Status> = new Set([
  "delivered",
  "returned",
  "cancelled",
  "available_for_pickup",
]);

/** The shopper's zone: the order's, else the destination's, else unknown (the browser decides). */
export function shopperTimeZone(data: TrackingPageData): string | null {
  const zone = data.order?.timeZone;
  if (zone && isValidZone(zone)) return zone;
  const destination =
    data.shipments.find((s) => s.direction === "outbound" && s.destinationCountry) ?? data.shipments[0];
  if (!destination) return null;
  return zoneForLocation({ country: destination.destinationCountry, region: destination.destinationRegion });
}

function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function placeOf(e: {
  locationCity: string | null;
  locationRegion: string | null;
  locationCountry: string | null;
  locationText: string | null;
}): string | null {
  const parts = [e.locationCity, e.locationRegion, e.locationCountry].filter((p): p is string => !!p?.trim());
  if (parts.length) return parts.join(", ");
  return e.locationText?.trim() || null;
}

/** Builds the model from loaded rows; `now` decides "late" and "stalled". */
export function buildTrackingModel(input: {
  scope: "order" | "shipment";
  seller: SellerBrand;
  data: TrackingPageData;
  windows: Map<string, DeliveryWindowView>;
  relatedProducts: RelatedProduct[];
  timeZone: string | null;
  now: Date;
  returns?: ReturnsPanel | null;
}): TrackingPageModel {
  const { data, timeZone, now } = input;
  const today = localDate(now, timeZone);
  const ordered = [...data.shipments].sort((a, b) =>
    a.direction === b.direction ? 0 : a.direction === "outbound" ? -1 : 1,
  );
  const shipments = withoutCancelledBesideLive(ordered).map((s): ShipmentView => {
    const status: Status = isStatus(s.status) ? s.status : "pending";
    const stored = status === "delivered" ? null : (input.windows.get(s.id) ?? null);
    const window = stored && windowFromToday(stored, today);
    const late = !!window && window.current.latest < today && !TERMINAL_OR_WAITING.has(status);
    const quietDays = s.lastEventAt ? Math.floor((now.getTime() - s.lastEventAt.getTime()) / 86_400_000) : 0;
    const stalledDays =
      !STATUS_TABLE[status].terminal && status !== "pending" && quietDays >= STALLED_AFTER_DAYS
        ? quietDays
        : null;
    const adapter = getCarrier(s.carrier);
    return {
      direction: s.direction,
      carrier: s.carrier,
      carrierName: carrierName(s.carrier),
      carrierUrl: adapter?.trackingUrl ? adapter.trackingUrl(s.trackingNumber) : null,
      trackingNumber: s.trackingNumber,
      service: s.service,
      status,
      substatus: s.substatus,
      steps: progressSteps({ ...s, status }),
      window,
      late,
      stalledDays,
      needsHelp:
        s.direction === "outbound" &&
        (late ||
          stalledDays !== null ||
          ["exception", "attempt_failed", "return_to_sender", "returned", "expired"].includes(status)),
      deliveredAt: s.deliveredAt,
      scans: (data.events.get(s.id) ?? []).map((e) => ({
        at: e.occurredAt,
        description: e.description,
        place: placeOf(e),
      })),
    };
  });
  const anyDelivered = shipments.some((s) => s.direction === "outbound" && s.status === "delivered");
  const order: OrderView | null =
    input.scope === "order" && data.order
      ? {
          number: data.order.orderNumber,
          firstName: data.order.firstName,
          destinationCity: ordered.find((s) => s.direction === "outbound")?.destinationCity ?? null,
          stage: data.order.stage,
          rating: data.rating,
          canRate: anyDelivered,
        }
      : null;
  return {
    scope: input.scope,
    seller: input.seller,
    order,
    shipments,
    timeZone,
    relatedProducts: anyDelivered ? input.relatedProducts.slice(0, 4) : [],
    returns: input.scope === "order" ? (input.returns ?? null) : null,
  };
}
