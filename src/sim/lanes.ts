/**
 * Lanes for the carrier simulator: a carrier, an origin, the hubs a parcel passes through and a destination,
 * with real IANA zones so scan times carry the offsets (and DST) a real carrier would print.
 */
export interface SimPlace {
  city: string;
  region: string;
  postalCode: string;
  country: string;
  zone: string;
}

export type SimCarrier = "ups" | "fedex" | "usps" | "dhl_express";

export interface Lane {
  id: string;
  carrier: SimCarrier;
  origin: SimPlace;
  hubs: readonly SimPlace[];
  destination: SimPlace;
  /** Business days from pickup to delivery on a good run. */
  transitDays: number;
  international: boolean;
}

const place = (
  city: string,
  region: string,
  postalCode: string,
  country: string,
  zone: string,
): SimPlace => ({
  city,
  region,
  postalCode,
  country,
  zone,
});

export const PLACES = {
  nashville: place("Nashville", "TN", "37203", "US", "America/Chicago"),
  louisville: place("Louisville", "KY", "40209", "US", "America/New_York"),
  memphis: place("Memphis", "TN", "38118", "US", "America/Chicago"),
  atlanta: place("Atlanta", "GA", "30303", "US", "America/New_York"),
  brooklyn: place("Brooklyn", "NY", "11201", "US", "America/New_York"),
  austin: place("Austin", "TX", "78701", "US", "America/Chicago"),
  denver: place("Denver", "CO", "80202", "US", "America/Denver"),
  phoenix: place("Phoenix", "AZ", "85004", "US", "America/Phoenix"),
  seattle: place("Seattle", "WA", "98101", "US", "America/Los_Angeles"),
  chicago: place("Chicago", "IL", "60607", "US", "America/Chicago"),
  toronto: place("Toronto", "ON", "M5V2T6", "CA", "America/Toronto"),
  leipzig: place("Leipzig", "SN", "04109", "DE", "Europe/Berlin"),
  london: place("London", "ENG", "SW1A1AA", "GB", "Europe/London"),
  lyon: place("Lyon", "ARA", "69002", "FR", "Europe/Paris"),
  cincinnati: place("Cincinnati", "OH", "45275", "US", "America/New_York"),
} as const;

const P = PLACES;

/** The lanes the simulator ships on: domestic US for all four carriers, international for UPS, FedEx and DHL. */
export const LANES: readonly Lane[] = [
  {
    id: "ups-bna-atl",
    carrier: "ups",
    origin: P.nashville,
    hubs: [P.louisville],
    destination: P.atlanta,
    transitDays: 2,
    international: false,
  },
  {
    id: "ups-bna-sea",
    carrier: "ups",
    origin: P.nashville,
    hubs: [P.louisville, P.denver],
    destination: P.seattle,
    transitDays: 4,
    international: false,
  },
  {
    id: "ups-bna-yyz",
    carrier: "ups",
    origin: P.nashville,
    hubs: [P.louisville],
    destination: P.toronto,
    transitDays: 4,
    international: true,
  },
  {
    id: "fedex-bna-bkn",
    carrier: "fedex",
    origin: P.nashville,
    hubs: [P.memphis],
    destination: P.brooklyn,
    transitDays: 2,
    international: false,
  },
  {
    id: "fedex-bna-phx",
    carrier: "fedex",
    origin: P.nashville,
    hubs: [P.memphis],
    destination: P.phoenix,
    transitDays: 3,
    international: false,
  },
  {
    id: "fedex-bna-lhr",
    carrier: "fedex",
    origin: P.nashville,
    hubs: [P.memphis],
    destination: P.london,
    transitDays: 4,
    international: true,
  },
  {
    id: "usps-bna-aus",
    carrier: "usps",
    origin: P.nashville,
    hubs: [P.memphis],
    destination: P.austin,
    transitDays: 3,
    international: false,
  },
  {
    id: "usps-bna-chi",
    carrier: "usps",
    origin: P.nashville,
    hubs: [P.chicago],
    destination: P.chicago,
    transitDays: 2,
    international: false,
  },
  {
    id: "usps-bna-den",
    carrier: "usps",
    origin: P.nashville,
    hubs: [P.memphis, P.denver],
    destination: P.denver,
    transitDays: 4,
    international: false,
  },
  {
    id: "dhl-bna-lej",
    carrier: "dhl_express",
    origin: P.nashville,
    hubs: [P.cincinnati, P.leipzig],
    destination: P.lyon,
    transitDays: 3,
    international: true,
  },
  {
    id: "dhl-bna-lhr",
    carrier: "dhl_express",
    origin: P.nashville,
    hubs: [P.cincinnati],
    destination: P.london,
    transitDays: 3,
    international: true,
  },
  {
    id: "dhl-bna-bkn",
    carrier: "dhl_express",
    origin: P.nashville,
    hubs: [P.cincinnati],
    destination: P.brooklyn,
    transitDays: 1,
    international: false,
  },
];
