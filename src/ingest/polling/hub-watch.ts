/**
 * Watching hubs instead of parcels — pure, fed only with what carriers answered. A storm or an outage closes a
 * sorting hub for hours and the carrier posts the same weather-delay scan on every parcel in the building at once,
 * so one parcel seen there stands for all of them:
 *
 * - a sentinel: every `tickMinutes`, one parcel last seen arriving at each hub is looked at (the most recent
 *   arrival, most likely still inside), so a closure is noticed within a tick instead of within a transit poll;
 * - a closure seen on one parcel (a weather delay at a city) pulls every parcel last seen in that city forward to
 *   the next round, and while the closure lasts, each tick looks again at those not yet showing it and at parcels
 *   whose lane is known (from earlier parcels' scans) to run through that city and that have not reached it yet.
 *
 * Hubs are what the answers show: a scan city that is neither the shipment's origin nor its destination.
 */
import type { Status } from "../../core/status.js";

export interface WatchedShipment {
  id: number;
  carrier: string;
  originCity: string;
  destinationCity: string;
}

/** A scan as the carrier showed it. */
export interface SeenScan {
  status: Status | null;
  substatus: string | null;
  city: string;
  occurredAt: number;
}

export interface Look {
  id: number;
  at: number;
  reason: string;
}

export interface HubWatchOptions {
  tickMinutes: number;
  /** A closure is assumed to last this long after its newest weather scan. */
  closureHours: number;
  /** Look at parcels on their way to a closed hub (known lanes), not only at those inside. */
  watchArrivals: boolean;
  /** One parcel per occupied hub is looked at every tick. */
  sentinels: boolean;
}

interface Known {
  shipment: WatchedShipment;
  city: string | null;
  arrivedAt: number;
  status: Status | null;
  /** Cities of hubs this parcel was seen at. */
  hubs: Set<string>;
  sawWeatherAt: Set<string>;
}

const MINUTE = 60_000;
const ACTIVE: ReadonlySet<Status | null> = new Set(["in_transit", "exception", "info_received", null]);

/** Keeps what the answers showed about hubs and decides the extra looks. */
export class HubWatch {
  private readonly known = new Map<number, Known>();
  /** City → ids of parcels whose newest scan is there (at the hub). */
  private readonly inside = new Map<string, Set<number>>();
  /** carrier|origin|destination → hub cities seen on that lane. */
  private readonly lanes = new Map<string, Set<string>>();
  /** City → until when it is taken as closed. */
  private readonly closedUntil = new Map<string, number>();

  constructor(private readonly options: HubWatchOptions) {}

  get tickMs(): number {
    return this.options.tickMinutes * MINUTE;
  }

  /** After a look at `shipment` revealed `scans` (new to us): update what is known; looks at other parcels. */
  afterLook(shipment: WatchedShipment, scans: readonly SeenScan[], status: Status, now: number): Look[] {
    const k = this.knownOf(shipment);
    k.status = status;
    const looks: Look[] = [];
    const newestFirst = [...scans].sort((a, b) => b.occurredAt - a.occurredAt);
    for (const scan of scans) {
      if (!this.isHub(shipment, scan.city)) continue;
      k.hubs.add(scan.city);
      this.laneOf(shipment).add(scan.city);
      if (scan.substatus === "weather_delay") {
        k.sawWeatherAt.add(scan.city);
        const wasClosed = (this.closedUntil.get(scan.city) ?? 0) > now;
        this.closedUntil.set(
          scan.city,
          Math.max(this.closedUntil.get(scan.city) ?? 0, now + this.closureMs()),
        );
        if (!wasClosed)
          for (const id of this.inside.get(scan.city) ?? [])
            if (id !== shipment.id) looks.push({ id, at: now + MINUTE, reason: `closure at ${scan.city}` });
      }
    }
    const newest = newestFirst[0];
    if (newest) {
      this.move(
        k,
        this.isHub(shipment, newest.city) && newest.substatus !== "departed_facility" ? newest.city : null,
      );
      if (k.city !== null) k.arrivedAt = now;
    }
    if (!ACTIVE.has(status)) this.move(k, null);
    return looks;
  }

  /** Every tick: sentinels at occupied hubs, and the parcels a closure may reach. */
  tick(now: number): Look[] {
    const looks: Look[] = [];
    for (const [city, ids] of this.inside) {
      if (ids.size === 0) continue;
      const closed = (this.closedUntil.get(city) ?? 0) > now;
      if (closed) {
        for (const id of ids)
          if (!this.known.get(id)!.sawWeatherAt.has(city))
            looks.push({ id, at: now, reason: `inside closed ${city}` });
      } else if (this.options.sentinels) {
        let sentinel: Known | undefined;
        for (const id of ids) {
          const k = this.known.get(id)!;
          if (!sentinel || k.arrivedAt > sentinel.arrivedAt) sentinel = k;
        }
        looks.push({ id: sentinel!.shipment.id, at: now, reason: `sentinel at ${city}` });
      }
    }
    if (this.options.watchArrivals) {
      const closed = [...this.closedUntil].filter(([, until]) => until > now).map(([city]) => city);
      if (closed.length > 0)
        for (const k of this.known.values()) {
          if (k.status !== "in_transit" || k.city !== null) continue;
          const route = this.lanes.get(laneKey(k.shipment));
          for (const city of closed)
            if (route?.has(city) && !k.hubs.has(city)) {
              looks.push({ id: k.shipment.id, at: now, reason: `on its way to closed ${city}` });
              break;
            }
        }
    }
    return looks;
  }

  private closureMs(): number {
    return this.options.closureHours * 60 * MINUTE;
  }

  private isHub(s: WatchedShipment, city: string): boolean {
    return city !== s.originCity && city !== s.destinationCity;
  }

  private knownOf(shipment: WatchedShipment): Known {
    let k = this.known.get(shipment.id);
    if (!k) {
      k = { shipment, city: null, arrivedAt: 0, status: null, hubs: new Set(), sawWeatherAt: new Set() };
      this.known.set(shipment.id, k);
    }
    return k;
  }

  private laneOf(s: WatchedShipment): Set<string> {
    const key = laneKey(s);
    let set = this.lanes.get(key);
    if (!set) this.lanes.set(key, (set = new Set()));
    return set;
  }

  private move(k: Known, city: string | null): void {
    if (k.city === city) return;
    if (k.city !== null) this.inside.get(k.city)?.delete(k.shipment.id);
    k.city = city;
    if (city !== null) {
      let set = this.inside.get(city);
      if (!set) this.inside.set(city, (set = new Set()));
      set.add(k.shipment.id);
    }
  }
}

function laneKey(s: WatchedShipment): string {
  return `${s.carrier}|${s.originCity}|${s.destinationCity}`;
}
