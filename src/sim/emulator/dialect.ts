/**
 * What each carrier's emulator file provides: how its OAuth token and tracking requests look, and how it writes
 * tracking answers and errors — exactly the formats the adapters in src/carriers parse.
 */
import { zoneOffsetAt, formatOffset } from "../../carriers/shared/time.js";
import type { SimCarrier } from "../lanes.js";
import type { SimEvent, SimJourney, SimStep } from "../lane-journeys.js";

export interface EmulatorRequest {
  method: string;
  /** Path and query after the carrier's prefix, e.g. "/api/track/v1/details/1Z…?locale=en_US". */
  path: string;
  headers: Readonly<Record<string, string | undefined>>;
  body: string;
}

export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string>;
  body: string;
  /** Never answer: the client's timeout has to fire. */
  hang?: boolean;
}

/** A parcel as the carrier shows it at the moment of the request. */
export interface VisibleParcel {
  journey: SimJourney;
  events: SimEvent[];
}

export interface SubscribeRequest {
  numbers: string[];
  url: string;
  credential: string;
}

/** Where a carrier pushes, when it is configured out of band (a FedEx AIV webhook project, set in its portal). */
export interface PushProject {
  url: string;
  credential: string;
}

/** A subscription job's outcome, for carriers whose subscriptions are asynchronous jobs (FedEx AIV). */
export interface SubscribeJob {
  valid: readonly string[];
  invalid: readonly string[];
}

export type ErrorKind = "unauthorized" | "rate_limited" | "server_error";

export interface CarrierDialect {
  readonly carrier: SimCarrier;
  readonly auth: "oauth" | "basic";
  /** The token endpoint path (OAuth carriers). */
  readonly tokenPath: string | null;
  /** Client id and secret from a token request, or null when the request does not carry them. */
  readTokenRequest?(req: EmulatorRequest): { clientId: string; clientSecret: string } | null;
  tokenResponse?(token: string, clientId: string, lifetimeSeconds: number, now: number): object;
  /** The tracking numbers a tracking request asks for, or null when the path is not the tracking endpoint. */
  readTrackRequest(req: EmulatorRequest): string[] | null;
  /** The answer for the requested numbers (`null`: the carrier has nothing for that number yet). */
  renderTrack(
    requested: readonly { number: string; parcel: VisibleParcel | null }[],
    now: number,
  ): EmulatorResponse;
  renderError(kind: ErrorKind, req: EmulatorRequest): EmulatorResponse;
  /**
   * Push subscriptions (UPS Track Alert, FedEx AIV, USPS Subscriptions - Tracking): the numbers and destination a
   * subscription request asks for, a ready-made error answer when the request is malformed, or null when the path
   * is not the subscription endpoint. Carriers whose requests name a webhook project rather than a URL find it in
   * `projects`.
   */
  readSubscribeRequest?(
    req: EmulatorRequest,
    projects: Readonly<Record<string, PushProject>>,
  ): SubscribeRequest | EmulatorResponse | null;
  /** The carrier's own check of one number: refused numbers are answered back as invalid. */
  acceptsForPush?(number: string): boolean;
  /** The answer to a subscription request; `jobId` names the job for carriers that answer with one. */
  renderSubscribe?(valid: readonly string[], invalid: readonly string[], jobId: string): EmulatorResponse;
  /** How long a subscription lasts at this carrier; null: until removed. Default: 14 days (UPS). */
  readonly subscriptionDays?: number | null;
  /** The job id a subscription-job request asks about, or null when the path is not that endpoint. */
  readJobRequest?(req: EmulatorRequest): string | null;
  /** The answer about a job (null: no such job). The emulator's jobs finish as soon as they are submitted. */
  renderJob?(jobId: string, job: SubscribeJob | null): EmulatorResponse;
  /**
   * One pushed scan, as the carrier POSTs it to a subscription's destination: the carrier's own headers,
   * including however it proves the push is its own with the subscription's credential (UPS echoes it in a
   * header; carriers that sign compute the signature from it).
   */
  renderPush?(
    number: string,
    event: SimEvent,
    parcel: VisibleParcel,
    credential: string,
  ): { headers: Record<string, string>; body: string };
  /** The status-map key the carrier uses for a step (used to check every step maps to a Shipwatch status). */
  stepCode(step: SimStep, event: SimEvent, journey: SimJourney): string;
}

/** The wall clock at `zone` for an instant, split as carriers print it. */
export function wallClock(ms: number, zone: string): { date: string; time: string; offset: string } {
  const minutes = zoneOffsetAt(zone, ms) ?? 0;
  const iso = new Date(ms + minutes * 60_000).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 19), offset: formatOffset(minutes) };
}

/** JSON response helper. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): EmulatorResponse {
  return { status, body: JSON.stringify(body), headers: { "content-type": "application/json", ...headers } };
}
