/**
 * The return lifecycle as data: statuses, the moves allowed from each, and the reasons a shopper can give.
 * requested → approved → in_transit → received → refunded, with rejected and closed as the other ways out.
 * in_transit and received are normally reached by the return shipment's own scans (progress.ts), but the seller
 * can also set them by hand (a parcel handed over at the counter has no scans).
 */

export const RETURN_STATUSES = [
  "requested",
  "approved",
  "in_transit",
  "received",
  "refunded",
  "closed",
  "rejected",
] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

export const RETURN_TRANSITIONS: Readonly<Record<ReturnStatus, readonly ReturnStatus[]>> = {
  requested: ["approved", "rejected", "closed"],
  approved: ["in_transit", "received", "rejected", "closed"],
  in_transit: ["received", "closed"],
  received: ["refunded", "closed"],
  refunded: ["closed"],
  closed: [],
  rejected: [],
};

/** The column stamped when a return reaches a status. */
export const STATUS_TIMESTAMP: Readonly<Record<ReturnStatus, string>> = {
  requested: "requested_at",
  approved: "approved_at",
  in_transit: "in_transit_at",
  received: "received_at",
  refunded: "refunded_at",
  closed: "closed_at",
  rejected: "rejected_at",
};

/** Statuses in which a return still expects something to happen. */
export const OPEN_RETURN_STATUSES: readonly ReturnStatus[] = [
  "requested",
  "approved",
  "in_transit",
  "received",
];

export function canMove(from: ReturnStatus, to: ReturnStatus): boolean {
  return RETURN_TRANSITIONS[from].includes(to);
}

/** Journey order, so a late scan never moves a received return back to in transit. */
export const RETURN_RANK: Readonly<Record<ReturnStatus, number>> = {
  requested: 0,
  approved: 1,
  in_transit: 2,
  received: 3,
  refunded: 4,
  closed: 5,
  rejected: 5,
};

export const RETURN_REASONS = [
  "wrong_size",
  "damaged",
  "defective",
  "wrong_item",
  "not_as_described",
  "no_longer_needed",
  "arrived_late",
  "other",
] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];

/** The webhook topics of return events. */
export const RETURN_TOPICS = [
  "return.requested",
  "return.approved",
  "return.rejected",
  "return.in_transit",
  "return.received",
  "return.refunded",
  "return.closed",
] as const;
export type ReturnTopic = (typeof RETURN_TOPICS)[number];

export const topicOf = (status: ReturnStatus): ReturnTopic => `return.${status}` as ReturnTopic;

/** The return window when the seller has not set one (days after delivery). */
export const DEFAULT_RETURN_WINDOW_DAYS = 30;

/** The seller's return settings (sellers.settings.returns), validated loosely: a bad value falls back. */
export function returnSettings(settings: Record<string, unknown> | null | undefined): {
  windowDays: number;
  selfService: boolean;
} {
  const r = (settings?.returns ?? {}) as Record<string, unknown>;
  const days = Number(r.windowDays);
  return {
    windowDays: Number.isInteger(days) && days >= 0 && days <= 365 ? days : DEFAULT_RETURN_WINDOW_DAYS,
    selfService: r.selfService !== false,
  };
}
