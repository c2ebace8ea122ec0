/**
 * Shipment state is a fold over its events (DESIGN.md, "State is a fold"). Events are put in a total order
 * (carrier time, then journey rank, then fingerprint) and applied one by one with status precedence rules,
 * so the same set of events in any arrival order, delivered any number of times, gives the same state.
 */
import { STATUS_TABLE, type Status } from "./status.js";

/** The part of a stored event the fold reads. */
export interface FoldableEvent {
  fingerprint: string;
  occurredAt: Date;
  status: Status | null;
  substatus: string | null;
}

export interface ShipmentState {
  status: Status;
  substatus: string | null;
  /** Carrier time of the event that last changed status or sub-status. */
  statusChangedAt: Date | null;
  lastEventAt: Date | null;
  /** First physical carrier scan (not label creation): the "shipped" moment. */
  firstScanAt: Date | null;
  outForDeliveryAt: Date | null;
  deliveredAt: Date | null;
  attemptCount: number;
  /** The carrier reported a return; transit scans from here on are the way back. */
  returning: boolean;
  eventCount: number;
  /** Sort key of the last event applied; events sorting after it can be folded incrementally. */
  foldCursor: string | null;
}

export const INITIAL_STATE: Readonly<ShipmentState> = Object.freeze({
  status: "pending",
  substatus: null,
  statusChangedAt: null,
  lastEventAt: null,
  firstScanAt: null,
  outForDeliveryAt: null,
  deliveredAt: null,
  attemptCount: 0,
  returning: false,
  eventCount: 0,
  foldCursor: null,
});

const PRE_CARRIER: ReadonlySet<Status> = new Set(["pending", "info_received", "cancelled", "expired"]);

/** Total order of events: carrier instant, then position on the journey, then fingerprint. */
export function eventSortKey(event: FoldableEvent): string {
  const ms = event.occurredAt.getTime();
  // Offset so pre-1970 instants still sort as strings; 16 digits cover every valid Date.
  const instant = String(ms + 8_640_000_000_000_000).padStart(17, "0");
  const rank = event.status ? STATUS_TABLE[event.status].rank : 0;
  return `${instant}|${String(rank).padStart(2, "0")}|${event.fingerprint}`;
}

/**
 * Which status an incoming event leads to, given where the shipment is. Not "latest wins" blindly:
 * a delivered parcel only moves again for a return, label data never undoes a carrier scan, and once
 * a return has begun, transit scans are the way back.
 */
export function nextStatus(state: ShipmentState, incoming: Status): Status | null {
  const current = state.status;
  if (incoming === "pending") return null;
  if (current === "returned") return incoming === "returned" ? "returned" : null;
  if (current === "delivered") {
    if (incoming === "return_to_sender" || incoming === "returned" || incoming === "delivered")
      return incoming;
    return null;
  }
  if (incoming === "info_received") {
    return current === "pending" || current === "info_received" ? "info_received" : null;
  }
  if (incoming === "expired" && !PRE_CARRIER.has(current) && current !== "in_transit") return null;
  if (state.returning) {
    if (incoming === "delivered") return "returned";
    if (incoming === "in_transit" || incoming === "out_for_delivery" || incoming === "available_for_pickup") {
      return "return_to_sender";
    }
    if (incoming === "attempt_failed") return "return_to_sender";
  }
  return incoming;
}

/** Applies one event (which must sort after every event already applied). Pure. */
export function applyEvent(state: ShipmentState, event: FoldableEvent): ShipmentState {
  const next: ShipmentState = {
    ...state,
    eventCount: state.eventCount + 1,
    lastEventAt: event.occurredAt,
    foldCursor: eventSortKey(event),
  };
  if (!event.status) return next; // unmapped: keeps the previous status
  const status = nextStatus(state, event.status);
  if (!status) return next;
  const substatus = status === event.status ? event.substatus : null;
  if (status !== state.status || substatus !== state.substatus) {
    next.status = status;
    next.substatus = substatus;
    next.statusChangedAt = event.occurredAt;
  }
  if (!PRE_CARRIER.has(event.status) && !next.firstScanAt) next.firstScanAt = event.occurredAt;
  if (status === "out_for_delivery") next.outForDeliveryAt = event.occurredAt;
  if (event.status === "attempt_failed") next.attemptCount = state.attemptCount + 1;
  if (status === "delivered" && !state.deliveredAt) next.deliveredAt = event.occurredAt;
  if (event.status === "return_to_sender" || event.status === "returned") next.returning = true;
  return next;
}

/** Sorts and de-duplicates events by fingerprint: the canonical timeline. */
export function canonicalTimeline<E extends FoldableEvent>(events: readonly E[]): E[] {
  const unique = new Map<string, { key: string; event: E }>();
  for (const event of events) {
    if (!unique.has(event.fingerprint)) unique.set(event.fingerprint, { key: eventSortKey(event), event });
  }
  return [...unique.values()]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((x) => x.event);
}

/** The state of a shipment with exactly these events. */
export function foldShipmentState(events: readonly FoldableEvent[]): ShipmentState {
  return canonicalTimeline(events).reduce(applyEvent, { ...INITIAL_STATE });
}

/**
 * Whether `newEvents` can be applied on top of `state` without a refold: true when they all sort after the
 * last event already applied. An out-of-order arrival makes the caller refold the whole set instead.
 */
export function canFoldIncrementally(state: ShipmentState, newEvents: readonly FoldableEvent[]): boolean {
  if (state.foldCursor === null) return true;
  const cursor = state.foldCursor;
  return newEvents.every((event) => eventSortKey(event) > cursor);
}

/** True when two states differ in anything a reader of the shipment would notice. */
export function stateChanged(a: ShipmentState, b: ShipmentState): boolean {
  return (
    a.status !== b.status ||
    a.substatus !== b.substatus ||
    a.eventCount !== b.eventCount ||
    a.foldCursor !== b.foldCursor ||
    a.returning !== b.returning
  );
}
