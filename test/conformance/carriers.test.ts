/**
 * Carrier conformance: our adapters against real carrier payloads gathered from other open-source projects
 * (../shared/fixtures/carriers, see its README), compared with what those projects' tests expect.
 * Compared: tracking numbers, event count, event wall-clock (to the minute), descriptions, delivered flag,
 * statuses (through the vocabulary correspondence below), and errors where upstream expects errors.
 * `"partial": true` expectations are checked only on the fields they hold; null means "not asserted".
 * Every remaining difference is listed in UPSTREAM_DIFFERENCES with the reason the upstream expectation is wrong.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { NormalizedEvent, NormalizedResult, ParseOutput } from "../../src/core/events.js";
import type { Status } from "../../src/core/status.js";
import { getCarrier } from "../../src/carriers/registry.js";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const FIXTURES_DIR = process.env.SHIPWATCH_FIXTURES_DIR ?? path.resolve(REPO_ROOT, "../shared/fixtures");
const CARRIERS_DIR = path.join(FIXTURES_DIR, "carriers");

/** Fixture folder → adapter id. `mydhl` is karrio's MyDHL API connector; `dhl_express` is its legacy XML-PI one. */
const FOLDER_TO_ADAPTER: Readonly<Record<string, string>> = {
  ups: "ups",
  fedex: "fedex",
  usps: "usps",
  usps_international: "usps_international",
  mydhl: "dhl_express",
  dhl_express: "dhl_express",
  gls: "gls",
  laposte: "laposte",
  colissimo: "colissimo",
  chronopost: "chronopost",
  aramex: "aramex",
  easypost: "easypost",
  shipengine: "shipengine",
  amazon_shipping: "amazon_shipping",
  asendia: "asendia",
  asendia_us: "asendia",
  landmark: "landmark",
  seko: "seko",
  dhl_universal: "dhl_universal",
  dhl_parcel_de: "dhl_parcel_de",
  canadapost: "canadapost",
  purolator: "purolator",
  canpar: "canpar",
  australiapost: "australiapost",
  dpd: "dpd",
};

/**
 * The tracking numbers upstream's test requested, for carriers whose responses never name the parcel: passed as
 * the parse context, as Shipwatch's client and ingest path do (karrio's DPD test asks for 05308801410058).
 */
const REQUESTED_NUMBERS: Readonly<Record<string, readonly string[]>> = {
  "dpd/tracking_response.expected.json": ["05308801410058"],
  "dpd/error_response.expected.json": ["05308801410058"],
};

/** Upstream (karrio / active_shipping) status → the Shipwatch statuses that mean the same thing. */
const STATUS_CORRESPONDENCE: Readonly<Record<string, readonly Status[]>> = {
  pending: ["pending", "info_received"],
  // EasyPost's own word for "label created, not yet scanned", used by curated EasyPost expectations.
  pre_transit: ["pending", "info_received"],
  picked_up: ["in_transit"],
  in_transit: ["in_transit"],
  out_for_delivery: ["out_for_delivery"],
  on_hold: ["exception", "available_for_pickup"],
  delivery_failed: ["attempt_failed", "exception"],
  delivery_delayed: ["in_transit", "exception"],
  ready_for_pickup: ["available_for_pickup"],
  return_to_sender: ["return_to_sender", "returned"],
  cancelled: ["cancelled"],
  delivered: ["delivered"],
  unknown: [...(["pending", "info_received", "in_transit", "exception"] as const)],
};

interface UpstreamDifference {
  folder: string;
  file: string;
  /** Prefix of the failed check's label this entry explains. */
  check: string;
  why: string;
}

/** Differences where the upstream expectation is itself wrong (checked: each entry must still be needed). */
const UPSTREAM_DIFFERENCES: readonly UpstreamDifference[] = [
  ...["laposte", "colissimo"].flatMap((folder) =>
    ["2023-03-08T16:25", "2023-02-18T07:34", "2023-02-17T23:13"].map((time) => ({
      folder,
      file: "tracking_response.expected.json",
      check: `EW112720413FR event ET1 ${time} status`,
      why: "karrio maps La Poste ET1 ('En cours de traitement', here 'en transit sur nos plateformes logistiques', weeks before delivery) to out_for_delivery; La Poste's out-for-delivery code is MD2, ET1 is in transit.",
    })),
  ),
  {
    folder: "mydhl",
    file: "tracking_response.expected.json",
    check: "9356579890 event PU 2024-01-15T08:00 status",
    why: "karrio maps DHL Express PU ('Shipment pick up' in DHL's published code list) to pending; the parcel is picked up and moving (in_transit/picked_up).",
  },
  ...[
    "3180831640 event OK 2009-08-31T10:09 description",
    "3180831640 event PO 2009-08-28T19:27 description",
    "3180831640 event PU 2009-08-28T13:26 description",
    "1815115363 event RW 2009-08-14T02:19 description",
  ].map((check) => ({
    folder: "dhl_express",
    file: "tracking_response.expected.json",
    check,
    why: "karrio appends the XML-PI <Signatory> to the event text ('Shipment picked up 960528602' is the shipper account, 'Departing origin 00:00:00' a time); Shipwatch keeps DHL's event description and reports the delivery signatory as signedBy.",
  })),
  // EasyPost
  {
    folder: "easypost",
    file: "tracking_response.expected.json",
    check: "tracking numbers",
    why: "karrio's test answers two requested numbers with the same one-tracker payload and expects two copies of EZ1000000001; the payload holds one tracker.",
  },
  ...["2022-03-11T16:11", "2022-03-11T03:34"].flatMap((time) => [
    {
      folder: "easypost",
      file: "tracking_response.expected.json",
      check: `EZ1000000001 event pre_transit ${time} status`,
      why: "karrio maps EasyPost pre_transit (label created, carrier has the electronic info) to on_hold; nothing is held, it is info_received.",
    },
    {
      folder: "easypost",
      file: "tracking_response.expected.json",
      check: `EZ1000000001 event pre_transit ${time} code`,
      why: "karrio reports EasyPost's coarse `status` (pre_transit) as the event code and drops `status_detail`; Shipwatch's event code is the finer status_detail (status_update here), and the status is mapped from both.",
    },
  ]),
  {
    folder: "dhl_universal",
    file: "tracking_response.expected.json",
    check: "7777777770 status",
    why: "DHL's documentation sample gives statusCode pre-transit (the machine-readable enum); karrio does not list pre-transit and falls back to in_transit. Shipwatch maps pre-transit to info_received.",
  },
  {
    folder: "dhl_universal",
    file: "tracking_response.expected.json",
    check: "7777777770 event pre-transit 2018-03-02T07:53 status",
    why: "the sample event's statusCode is pre-transit while its free text reads DELIVERED; karrio takes the text for the event (delivered) but the enum for the shipment (in_transit, delivered: false), contradicting itself. Shipwatch follows DHL's enum for both.",
  },
  {
    folder: "dhl_parcel_de",
    file: "tracking_response.expected.json",
    check: "00340434161094015902 event PO 2016-03-18T09:02 status",
    why: "standard event PO (ICE SRTED/NRQRD, 'In delivery process') is 'The shipment has been loaded onto the delivery vehicle': out for delivery. karrio's table maps every SRTED to in_transit.",
  },
  {
    folder: "canadapost",
    file: "activeshipping_dnc_tracking_details_en.expected.json",
    check: "tracking numbers",
    why: "the active_shipping test queries DNC 315052413796541 and asserts only that a response object comes back; the payload itself is for PIN 1680678172650919, which is what Shipwatch reports.",
  },
  ...["7023210039414604 delivered", "7023210039414604 status"].map((check) => ({
    folder: "canadapost",
    file: "tracking_response.expected.json",
    check,
    why: "the newest event is 20 'Signature image recorded for Online viewing' (signatory HETU, after that morning's 0174 out-for-delivery scan), and the history holds 1496 'Item successfully delivered': the item is delivered. karrio reads only the newest code (20), does not know it and falls back to in_transit.",
  })),
  // ShipEngine
  {
    folder: "shipengine",
    file: "error_response.expected.json",
    check: "tracking numbers",
    why: "karrio adds an empty result for the number it requested; ShipEngine's error body names no tracking number, so there is no result to report, only the error.",
  },
  ...["1Z999AA1234567890 delivered", "1Z999AA1234567890 status"].map((check) => ({
    folder: "shipengine",
    file: "tracking_response.expected.json",
    check,
    why: "the response says status_code DE ('Delivered', with actual_delivery_date and a delivered event); karrio expects in_transit / not delivered because its status map has no entry for ShipEngine's 2-letter codes.",
  })),
  {
    folder: "australiapost",
    file: "tracking_response.expected.json",
    check: "ET123456789AU event count",
    why: "ET123456789AU is a consignment: its 8 events sit under trackable_items[0].items[0].events. karrio reads only trackable_items[0].events and expects none.",
  },
  ...(
    [
      [
        "LX123456789US",
        ["1 2021-01-21T08:34", "2 2021-01-20T11:55", "3 2021-01-20T11:48", "4 2021-01-19T22:13"],
      ],
      [
        "LX123456789US",
        ["5 2021-01-19T21:17", "6 2021-01-19T16:09", "7 2021-01-07T08:49", "8 2021-01-06T08:27"],
      ],
      [
        "00123456789000123400",
        ["1 2021-02-02T06:03", "2 2021-02-02T01:55", "3 2021-02-02T01:51", "4 2021-02-02T01:21"],
      ],
      ["00123456789000123400", ["5 2021-01-31T07:57", "6 2021-01-28T03:33", "7 2021-01-27T19:24"]],
      ["00123456789000123400", ["8 2021-01-27T13:31", "9 2021-01-27T13:31"]],
    ] as const
  ).flatMap(([id, events]) =>
    events.map((event) => ({
      folder: "australiapost",
      file: "tracking_response.expected.json",
      check: `${id} event ${event} status`,
      why: "karrio stamps every event with the article's final status (delivered); 'Onboard for delivery', 'Item processed at facility', 'Shipping information received' … happened before delivery and mean out for delivery, in transit, info received.",
    })),
  ),
  // DPD: run with the parcel number karrio requested (REQUESTED_NUMBERS), so every event is compared.
  ...(
    [
      ["ReturningFromDelivery 2021-08-19T05:11", "5:11:26 PM"],
      ["PickedUp 2021-08-19T03:57", "3:57:33 PM"],
      ["ParcelShop 2021-08-18T04:41", "4:41:00 PM"],
      ["ParcelShop 2021-08-18T04:16", "4:16:57 PM"],
      ["ParcelShop 2021-08-18T04:15", "4:15:56 PM"],
      ["ParcelShop 2021-08-18T04:09", "4:09:35 PM"],
      ["DeliveryFailure 2021-08-18T02:43", "2:43:31 PM"],
      ["BetweenDepots 2021-08-17T07:48", "7:48:00 PM"],
      ["BetweenDepots 2021-08-17T07:11", "7:11:26 PM"],
    ] as const
  ).map(([event, dpdText]) => ({
    folder: "dpd",
    file: "tracking_response.expected.json",
    check: `05308801410058 event ${event}`,
    why: `DPD wrote '${dpdText}' (12-hour clock); karrio drops the PM and expects the morning. Events are compared newest first, so this one is also paired with a different event (its code, text and status then differ too).`,
  })),
  ...[
    "Courier 2021-08-19T11:32",
    "Courier 2021-08-19T10:30",
    "Courier 2021-08-18T10:14",
    "Courier 2021-08-18T07:34",
    "Depot 2021-08-18T04:09",
  ].map((event) => ({
    folder: "dpd",
    file: "tracking_response.expected.json",
    check: `05308801410058 event ${event}`,
    why: "a morning event karrio times correctly, but its PM events moved 12 hours earlier, so in newest-first order this one sits where a later afternoon event is: the pairing differs, not the event (Shipwatch has it, same time, code and text).",
  })),
  {
    folder: "dpd",
    file: "tracking_response.expected.json",
    check: "05308801410058 status",
    why: "the current status is ReturningFromDelivery ('After an unsuccessful delivery attempt the parcel is back at the recipient depot', 19 Aug 5:11 PM, isCurrentStatus): a failed attempt, not out for delivery as karrio maps it.",
  },
  // Asendia (US milestone API)
  {
    folder: "asendia_us",
    file: "tracking_response.expected.json",
    check: "error 200 present",
    why: "karrio turns the success envelope (responseStatusCode 200, empty message) into an error message; a 200 response status is not an error.",
  },
  ...["RL924104146CH delivered", "RL924104146CH status"].map((check) => ({
    folder: "asendia_us",
    file: "tracking_response.expected.json",
    check,
    why: "the newest milestone is s10 'Delivered' (2021-08-09 11:13); karrio matches status words only on its own list and leaves the parcel in_transit.",
  })),
  // SEKO
  {
    folder: "seko",
    file: "error_response.expected.json",
    check: "error Error",
    why: "SEKO's error has no code; karrio invents the code 'Error'. Shipwatch reports the failing property (Destination.Address.CountryCode) as carrierCode, with SEKO's message 'CountryCode is required' unchanged.",
  },
];

interface ExpectedEvent {
  index?: number;
  time?: string | null;
  code?: string | null;
  description?: string | null;
  status?: string | null;
}
interface ExpectedResult {
  trackingNumber: string;
  status?: string | null;
  delivered?: boolean | null;
  eventCount?: number;
  eventsOrder?: string;
  latestEvent?: { description?: string | null; code?: string | null };
  events?: ExpectedEvent[];
}
interface ExpectedFile {
  payloadFiles: string[];
  partial?: boolean;
  results: ExpectedResult[];
  errors: { code?: string | null; message?: string | null; type?: string }[];
}

interface CaseOutcome {
  folder: string;
  file: string;
  passed: number;
  explained: string[];
  failed: string[];
}

const outcomes: CaseOutcome[] = [];
const ws = (s: string | null | undefined) => (s ?? "").replace(/\s+/g, " ").trim();
const byTimeDesc = (a: { t: string; c: string }, b: { t: string; c: string }) =>
  a.t < b.t ? 1 : a.t > b.t ? -1 : a.c.localeCompare(b.c);

/** Runs every comparison for one expected file; returns labelled check results. */
function compare(
  expected: ExpectedFile,
  actual: ParseOutput,
  isActiveShipping: boolean,
): { label: string; ok: boolean; detail: string }[] {
  const checks: { label: string; ok: boolean; detail: string }[] = [];
  const check = (label: string, ok: boolean, detail = "") => checks.push({ label, ok, detail });
  const invalid = actual.errors.filter((e) => e.code === "invalid_payload");
  check("payload understood", invalid.length === 0, invalid[0]?.message ?? "");

  if (expected.errors.length === 0)
    check("no errors", actual.errors.length === 0, JSON.stringify(actual.errors));
  for (const [i, e] of expected.errors.entries()) {
    // Upstream keeps numeric carrier codes as JSON numbers (La Poste returnCode 400); carrierCode is text.
    const candidates = e.code ? actual.errors.filter((a) => a.carrierCode === String(e.code)) : actual.errors;
    check(`error ${e.code ?? i} present`, candidates.length > 0, JSON.stringify(actual.errors));
    // active_shipping decorates messages ("FAILURE - 6330: <carrier text>"): the carrier text must be inside.
    const same = (m: string) => (isActiveShipping ? ws(e.message).includes(ws(m)) : ws(m) === ws(e.message));
    if (e.message)
      check(
        `error ${e.code ?? i} message`,
        candidates.some((a) => same(a.message)),
        JSON.stringify(candidates),
      );
  }

  const wanted = expected.results.map((r) => r.trackingNumber).sort();
  check(
    "tracking numbers",
    JSON.stringify(actual.results.map((r) => r.trackingNumber).sort()) === JSON.stringify(wanted),
    "",
  );
  for (const exp of expected.results) {
    const got = actual.results.find((r) => r.trackingNumber === exp.trackingNumber);
    if (!got) continue;
    compareResult(exp, got, isActiveShipping || !!expected.partial, check);
  }
  return checks;
}

function statusOk(upstream: string | null | undefined, ours: Status | null): boolean {
  if (upstream === null || upstream === undefined) return true;
  return ours !== null && (STATUS_CORRESPONDENCE[upstream] ?? []).includes(ours);
}

function compareResult(
  exp: ExpectedResult,
  got: NormalizedResult,
  partial: boolean,
  check: (l: string, ok: boolean, d?: string) => void,
) {
  const id = exp.trackingNumber;
  if (exp.delivered !== undefined && exp.delivered !== null)
    check(`${id} delivered`, got.delivered === exp.delivered, String(got.delivered));
  if (exp.status !== undefined && exp.status !== null)
    check(`${id} status`, statusOk(exp.status, got.status), `${exp.status} vs ${got.status}`);
  if (exp.eventCount !== undefined)
    check(`${id} event count`, got.events.length === exp.eventCount, String(got.events.length));
  const oldestFirst = [...got.events].reverse();
  if (exp.latestEvent) {
    const latest = got.events[0];
    if (exp.latestEvent.code)
      check(`${id} latest code`, latest?.code === exp.latestEvent.code, latest?.code ?? "none");
    if (exp.latestEvent.description)
      check(
        `${id} latest description`,
        descriptionOk(exp.latestEvent.description, latest, partial),
        latest?.description ?? "",
      );
  }
  if (!exp.events) return;
  if (exp.events.some((e) => e.index !== undefined)) {
    const ordered = exp.eventsOrder === "oldest first" ? oldestFirst : got.events;
    for (const e of exp.events) {
      const ours = ordered[e.index ?? -1];
      if (e.code) check(`${id} event #${e.index} code`, ours?.code === e.code, ours?.code ?? "none");
    }
    return;
  }
  if (!partial || exp.eventCount === undefined)
    check(
      `${id} event count`,
      got.events.length === exp.events.length,
      `${got.events.length} vs ${exp.events.length}`,
    );
  const theirs = exp.events
    .map((e) => ({ e, t: (e.time ?? "").slice(0, 16), c: e.code ?? "" }))
    .sort(byTimeDesc);
  const ours = got.events
    .map((e) => ({ e, t: (e.localTime ?? "").slice(0, 16), c: e.code ?? "" }))
    .sort(byTimeDesc);
  theirs.forEach(({ e, t }, i) => {
    const mine = ours[i]?.e;
    const label = `${id} event ${e.code ?? i} ${t}`;
    if (e.time) check(`${label} time`, (mine?.localTime ?? "").slice(0, 16) === t, mine?.localTime ?? "none");
    if (e.code) check(`${label} code`, mine?.code === e.code, mine?.code ?? "none");
    if (e.description !== undefined && e.description !== null)
      check(
        `${label} description`,
        descriptionOk(e.description, mine, partial),
        JSON.stringify(mine?.description),
      );
    if (e.status)
      check(`${label} status`, statusOk(e.status, mine?.status ?? null), `${e.status} vs ${mine?.status}`);
  });
}

/** active_shipping upper-cases event text and cuts it to a known prefix; karrio keeps it verbatim. */
function descriptionOk(expected: string, event: NormalizedEvent | undefined, partial: boolean): boolean {
  const ours = ws(event?.description);
  return partial ? ours.toUpperCase().startsWith(ws(expected).toUpperCase()) : ours === ws(expected);
}

const folders = existsSync(CARRIERS_DIR) ? readdirSync(CARRIERS_DIR).filter((f) => FOLDER_TO_ADAPTER[f]) : [];

describe.skipIf(!existsSync(CARRIERS_DIR))(
  `carrier conformance (${existsSync(CARRIERS_DIR) ? CARRIERS_DIR : `skipped: no fixtures at ${CARRIERS_DIR}; set SHIPWATCH_FIXTURES_DIR`})`,
  () => {
    afterAll(() => {
      const rows = folders.map((folder) => {
        const mine = outcomes.filter((o) => o.folder === folder);
        const passed = mine.reduce((n, o) => n + o.passed, 0);
        const explained = mine.reduce((n, o) => n + o.explained.length, 0);
        const failed = mine.reduce((n, o) => n + o.failed.length, 0);
        const total = passed + explained + failed;
        return {
          folder,
          adapter: FOLDER_TO_ADAPTER[folder],
          files: mine.length,
          filesFullyPassing: mine.filter((o) => o.failed.length === 0 && o.explained.length === 0).length,
          checks: total,
          passed,
          explainedUpstreamErrors: explained,
          failed,
          passRate: total ? `${(((passed + explained) / total) * 100).toFixed(1)}%` : "n/a",
        };
      });
      console.log("\nCarrier conformance (explained = upstream expectation wrong, see UPSTREAM_DIFFERENCES)");
      console.table(rows);
    });

    it("finds fixture folders for the implemented carriers", () => {
      expect(folders.length).toBeGreaterThan(0);
    });

    for (const folder of folders) {
      const adapterId = FOLDER_TO_ADAPTER[folder] ?? folder;
      const dir = path.join(CARRIERS_DIR, folder);
      const files = readdirSync(dir)
        .filter((f) => f.endsWith(".expected.json"))
        .sort();
      describe(`${folder} → ${adapterId}`, () => {
        it.each(files)("%s", (file) => {
          const adapter = getCarrier(adapterId);
          expect(adapter, `adapter ${adapterId} registered`).toBeDefined();
          if (!adapter) return;
          const expected = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as ExpectedFile;
          const payload = expected.payloadFiles[0] ?? file.replace(/\.expected\.json$/, ".json");
          const requested = REQUESTED_NUMBERS[`${folder}/${file}`];
          const actual = adapter.parse(
            readFileSync(path.join(dir, payload)),
            undefined,
            requested ? { trackingNumbers: requested } : undefined,
          );
          const checks = compare(expected, actual, file.startsWith("activeshipping_"));
          const known = UPSTREAM_DIFFERENCES.filter((d) => d.folder === folder && d.file === file);
          const outcome: CaseOutcome = { folder, file, passed: 0, explained: [], failed: [] };
          for (const c of checks) {
            if (c.ok) outcome.passed++;
            else if (known.some((d) => c.label.startsWith(d.check))) outcome.explained.push(c.label);
            else outcome.failed.push(`${c.label}: ${c.detail}`);
          }
          outcomes.push(outcome);
          const stale = known.filter((d) => !outcome.explained.some((l) => l.startsWith(d.check)));
          expect(outcome.failed).toEqual([]);
          expect(
            stale.map((d) => d.check),
            "UPSTREAM_DIFFERENCES entries no longer needed",
          ).toEqual([]);
        });
      });
    }
  },
);
