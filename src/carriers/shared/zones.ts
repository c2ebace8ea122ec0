/**
 * Location → IANA time zone, for carrier wall-clock times given without an offset.
 * Countries with one zone are listed directly; countries spanning several zones are resolved by
 * region (state/province code). A multi-zone country without a known region resolves to nothing (the
 * caller flags the time as zone-guessed) rather than to a wrong zone.
 */

// prettier-ignore
/** Countries (ISO 3166-1 alpha-2) observing a single zone (or whose zones share one offset year-round). */
const SINGLE_ZONE: Readonly<Record<string, string>> = {
  AD: "Europe/Andorra", AE: "Asia/Dubai", AF: "Asia/Kabul", AG: "America/Antigua", AL: "Europe/Tirane",
  AM: "Asia/Yerevan", AO: "Africa/Luanda", AR: "America/Argentina/Buenos_Aires", AT: "Europe/Vienna",
  AW: "America/Aruba", AZ: "Asia/Baku", BA: "Europe/Sarajevo", BB: "America/Barbados", BD: "Asia/Dhaka",
  BE: "Europe/Brussels", BF: "Africa/Ouagadougou", BG: "Europe/Sofia", BH: "Asia/Bahrain", BI: "Africa/Bujumbura",
  BJ: "Africa/Porto-Novo", BM: "Atlantic/Bermuda", BN: "Asia/Brunei", BO: "America/La_Paz", BS: "America/Nassau",
  BT: "Asia/Thimphu", BW: "Africa/Gaborone", BY: "Europe/Minsk", BZ: "America/Belize", CH: "Europe/Zurich",
  CI: "Africa/Abidjan", CM: "Africa/Douala", CN: "Asia/Shanghai", CO: "America/Bogota", CR: "America/Costa_Rica",
  CU: "America/Havana", CV: "Atlantic/Cape_Verde", CW: "America/Curacao", CY: "Asia/Nicosia", CZ: "Europe/Prague",
  DE: "Europe/Berlin", DJ: "Africa/Djibouti", DK: "Europe/Copenhagen", DM: "America/Dominica",
  DO: "America/Santo_Domingo", DZ: "Africa/Algiers", EE: "Europe/Tallinn", EG: "Africa/Cairo", ER: "Africa/Asmara",
  ET: "Africa/Addis_Ababa", FI: "Europe/Helsinki", FJ: "Pacific/Fiji", FO: "Atlantic/Faroe", FR: "Europe/Paris",
  GA: "Africa/Libreville", GB: "Europe/London", GD: "America/Grenada", GE: "Asia/Tbilisi", GG: "Europe/Guernsey",
  GH: "Africa/Accra", GI: "Europe/Gibraltar", GM: "Africa/Banjul", GN: "Africa/Conakry", GP: "America/Guadeloupe",
  GQ: "Africa/Malabo", GR: "Europe/Athens", GT: "America/Guatemala", GU: "Pacific/Guam", GY: "America/Guyana",
  HK: "Asia/Hong_Kong", HN: "America/Tegucigalpa", HR: "Europe/Zagreb", HT: "America/Port-au-Prince",
  HU: "Europe/Budapest", IE: "Europe/Dublin", IL: "Asia/Jerusalem", IM: "Europe/Isle_of_Man", IN: "Asia/Kolkata",
  IQ: "Asia/Baghdad", IR: "Asia/Tehran", IS: "Atlantic/Reykjavik", IT: "Europe/Rome", JE: "Europe/Jersey",
  JM: "America/Jamaica", JO: "Asia/Amman", JP: "Asia/Tokyo", KE: "Africa/Nairobi", KG: "Asia/Bishkek",
  KH: "Asia/Phnom_Penh", KN: "America/St_Kitts", KR: "Asia/Seoul", KW: "Asia/Kuwait", KY: "America/Cayman",
  LA: "Asia/Vientiane", LB: "Asia/Beirut", LC: "America/St_Lucia", LI: "Europe/Vaduz", LK: "Asia/Colombo",
  LR: "Africa/Monrovia", LS: "Africa/Maseru", LT: "Europe/Vilnius", LU: "Europe/Luxembourg", LV: "Europe/Riga",
  LY: "Africa/Tripoli", MA: "Africa/Casablanca", MC: "Europe/Monaco", MD: "Europe/Chisinau", ME: "Europe/Podgorica",
  MG: "Indian/Antananarivo", MK: "Europe/Skopje", ML: "Africa/Bamako", MM: "Asia/Yangon", MO: "Asia/Macau",
  MQ: "America/Martinique", MR: "Africa/Nouakchott", MT: "Europe/Malta", MU: "Indian/Mauritius",
  MV: "Indian/Maldives", MW: "Africa/Blantyre", MY: "Asia/Kuala_Lumpur", MZ: "Africa/Maputo", NA: "Africa/Windhoek",
  NE: "Africa/Niamey", NG: "Africa/Lagos", NI: "America/Managua", NL: "Europe/Amsterdam", NO: "Europe/Oslo",
  NP: "Asia/Kathmandu", OM: "Asia/Muscat", PA: "America/Panama", PE: "America/Lima", PH: "Asia/Manila",
  PK: "Asia/Karachi", PL: "Europe/Warsaw", PR: "America/Puerto_Rico", PY: "America/Asuncion", QA: "Asia/Qatar",
  RE: "Indian/Reunion", RO: "Europe/Bucharest", RS: "Europe/Belgrade", RW: "Africa/Kigali", SA: "Asia/Riyadh",
  SC: "Indian/Mahe", SD: "Africa/Khartoum", SE: "Europe/Stockholm", SG: "Asia/Singapore", SI: "Europe/Ljubljana",
  SK: "Europe/Bratislava", SL: "Africa/Freetown", SM: "Europe/San_Marino", SN: "Africa/Dakar", SR: "America/Paramaribo",
  SV: "America/El_Salvador", SY: "Asia/Damascus", SZ: "Africa/Mbabane", TD: "Africa/Ndjamena", TG: "Africa/Lome",
  TH: "Asia/Bangkok", TJ: "Asia/Dushanbe", TM: "Asia/Ashgabat", TN: "Africa/Tunis", TR: "Europe/Istanbul",
  TT: "America/Port_of_Spain", TW: "Asia/Taipei", TZ: "Africa/Dar_es_Salaam", UA: "Europe/Kyiv", UG: "Africa/Kampala",
  UY: "America/Montevideo", UZ: "Asia/Tashkent", VA: "Europe/Vatican", VC: "America/St_Vincent",
  VE: "America/Caracas", VG: "America/Tortola", VI: "America/St_Thomas", VN: "Asia/Ho_Chi_Minh", YE: "Asia/Aden",
  ZA: "Africa/Johannesburg", ZM: "Africa/Lusaka", ZW: "Africa/Harare",
};

// prettier-ignore
/** Multi-zone countries: region code → zone. Split states use the zone most of their population lives in. */
const BY_REGION: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  US: {
    AL: "America/Chicago", AK: "America/Anchorage", AZ: "America/Phoenix", AR: "America/Chicago",
    CA: "America/Los_Angeles", CO: "America/Denver", CT: "America/New_York", DE: "America/New_York",
    DC: "America/New_York", FL: "America/New_York", GA: "America/New_York", HI: "Pacific/Honolulu",
    ID: "America/Boise", IL: "America/Chicago", IN: "America/Indiana/Indianapolis", IA: "America/Chicago",
    KS: "America/Chicago", KY: "America/New_York", LA: "America/Chicago", ME: "America/New_York",
    MD: "America/New_York", MA: "America/New_York", MI: "America/Detroit", MN: "America/Chicago",
    MS: "America/Chicago", MO: "America/Chicago", MT: "America/Denver", NE: "America/Chicago",
    NV: "America/Los_Angeles", NH: "America/New_York", NJ: "America/New_York", NM: "America/Denver",
    NY: "America/New_York", NC: "America/New_York", ND: "America/Chicago", OH: "America/New_York",
    OK: "America/Chicago", OR: "America/Los_Angeles", PA: "America/New_York", RI: "America/New_York",
    SC: "America/New_York", SD: "America/Chicago", TN: "America/Chicago", TX: "America/Chicago",
    UT: "America/Denver", VT: "America/New_York", VA: "America/New_York", WA: "America/Los_Angeles",
    WV: "America/New_York", WI: "America/Chicago", WY: "America/Denver", PR: "America/Puerto_Rico",
    VI: "America/St_Thomas", GU: "Pacific/Guam", AS: "Pacific/Pago_Pago", MP: "Pacific/Saipan",
  },
  CA: {
    AB: "America/Edmonton", BC: "America/Vancouver", MB: "America/Winnipeg", NB: "America/Moncton",
    NL: "America/St_Johns", NS: "America/Halifax", NT: "America/Yellowknife", NU: "America/Iqaluit",
    ON: "America/Toronto", PE: "America/Halifax", QC: "America/Toronto", SK: "America/Regina", YT: "America/Whitehorse",
  },
  AU: {
    ACT: "Australia/Sydney", NSW: "Australia/Sydney", NT: "Australia/Darwin", QLD: "Australia/Brisbane",
    SA: "Australia/Adelaide", TAS: "Australia/Hobart", VIC: "Australia/Melbourne", WA: "Australia/Perth",
  },
  BR: {
    AC: "America/Rio_Branco", AL: "America/Maceio", AM: "America/Manaus", AP: "America/Belem", BA: "America/Bahia",
    CE: "America/Fortaleza", DF: "America/Sao_Paulo", ES: "America/Sao_Paulo", GO: "America/Sao_Paulo",
    MA: "America/Fortaleza", MG: "America/Sao_Paulo", MS: "America/Campo_Grande", MT: "America/Cuiaba",
    PA: "America/Belem", PB: "America/Fortaleza", PE: "America/Recife", PI: "America/Fortaleza",
    PR: "America/Sao_Paulo", RJ: "America/Sao_Paulo", RN: "America/Fortaleza", RO: "America/Porto_Velho",
    RR: "America/Boa_Vista", RS: "America/Sao_Paulo", SC: "America/Sao_Paulo", SE: "America/Maceio",
    SP: "America/Sao_Paulo", TO: "America/Araguaina",
  },
  MX: {
    AGU: "America/Mexico_City", BCN: "America/Tijuana", BCS: "America/Mazatlan", CAM: "America/Merida",
    CHP: "America/Mexico_City", CHH: "America/Chihuahua", CMX: "America/Mexico_City", COA: "America/Monterrey",
    COL: "America/Mexico_City", DUR: "America/Monterrey", GUA: "America/Mexico_City", GRO: "America/Mexico_City",
    HID: "America/Mexico_City", JAL: "America/Mexico_City", MEX: "America/Mexico_City", MIC: "America/Mexico_City",
    MOR: "America/Mexico_City", NAY: "America/Mazatlan", NLE: "America/Monterrey", OAX: "America/Mexico_City",
    PUE: "America/Mexico_City", QUE: "America/Mexico_City", ROO: "America/Cancun", SLP: "America/Mexico_City",
    SIN: "America/Mazatlan", SON: "America/Hermosillo", TAB: "America/Mexico_City", TAM: "America/Matamoros",
    TLA: "America/Mexico_City", VER: "America/Mexico_City", YUC: "America/Merida", ZAC: "America/Mexico_City",
  },
  RU: {
    MOW: "Europe/Moscow", SPE: "Europe/Moscow", MOS: "Europe/Moscow", LEN: "Europe/Moscow", KGD: "Europe/Kaliningrad",
    SAM: "Europe/Samara", UD: "Europe/Samara", SVE: "Asia/Yekaterinburg", CHE: "Asia/Yekaterinburg",
    TYU: "Asia/Yekaterinburg", BA: "Asia/Yekaterinburg", PER: "Asia/Yekaterinburg", OMS: "Asia/Omsk",
    NVS: "Asia/Novosibirsk", TOM: "Asia/Tomsk", KEM: "Asia/Novokuznetsk", KYA: "Asia/Krasnoyarsk",
    IRK: "Asia/Irkutsk", SA: "Asia/Yakutsk", PRI: "Asia/Vladivostok", KHA: "Asia/Vladivostok",
    MAG: "Asia/Magadan", SAK: "Asia/Sakhalin", KAM: "Asia/Kamchatka", TA: "Europe/Moscow", KDA: "Europe/Moscow",
    ROS: "Europe/Moscow", VGG: "Europe/Volgograd", NIZ: "Europe/Moscow",
  },
  ID: { JK: "Asia/Jakarta", JB: "Asia/Jakarta", JT: "Asia/Jakarta", JI: "Asia/Jakarta", BT: "Asia/Jakarta",
    BA: "Asia/Makassar", SN: "Asia/Makassar", PA: "Asia/Jayapura" },
  KZ: { ALA: "Asia/Almaty", AST: "Asia/Almaty" },
  ES: { CN: "Atlantic/Canary" },
  PT: { "20": "Atlantic/Azores", "30": "Atlantic/Madeira" },
  NZ: {},
};

/** Countries with one dominant zone even though outlying territories differ (used when the region is unknown). */
const DEFAULT_FOR_MULTI: Readonly<Record<string, string>> = {
  ES: "Europe/Madrid",
  PT: "Europe/Lisbon",
  NZ: "Pacific/Auckland",
  CL: "America/Santiago",
  EC: "America/Guayaquil",
};

/** Names carriers write that differ from the CLDR English names. */
// prettier-ignore
const COUNTRY_ALIASES: readonly [string, string][] = [
  ["usa", "US"], ["united states of america", "US"], ["uk", "GB"], ["great britain", "GB"], ["england", "GB"],
  ["hong kong", "HK"], ["macau", "MO"], ["macao", "MO"], ["south korea", "KR"], ["korea, republic of", "KR"],
  ["russia", "RU"], ["russian federation", "RU"], ["vietnam", "VN"], ["viet nam", "VN"], ["czech republic", "CZ"],
  ["the netherlands", "NL"], ["holland", "NL"], ["taiwan", "TW"], ["turkey", "TR"], ["ivory coast", "CI"],
];

/** ISO 3166-1 codes withdrawn or reserved that Intl still names like a current country. */
const WITHDRAWN_CODES: ReadonlySet<string> = new Set([
  "AN",
  "BU",
  "CS",
  "DD",
  "DY",
  "FX",
  "HV",
  "NH",
  "RH",
  "SU",
  "TP",
  "UK",
  "VD",
  "YD",
  "YU",
  "ZR",
]);

let nameToCode: Map<string, string> | undefined;

/** ISO alpha-2 code for a country code or English name ("Italy", "United States", "USA"), else undefined. */
export function countryCode(country: string | null | undefined): string | undefined {
  if (!country) return undefined;
  const c = country.trim();
  if (/^[A-Za-z]{2}$/.test(c)) return c.toUpperCase();
  if (!nameToCode) {
    nameToCode = new Map(COUNTRY_ALIASES);
    const names = new Intl.DisplayNames(["en"], { type: "region" });
    for (let a = 65; a <= 90; a++) {
      for (let b = 65; b <= 90; b++) {
        const code = String.fromCharCode(a, b);
        // Withdrawn codes share their successor's English name ("DD" and "DE" both read "Germany"): skip them.
        if (WITHDRAWN_CODES.has(code)) continue;
        const name = names.of(code);
        if (name && name !== code && !nameToCode.has(name.toLowerCase()))
          nameToCode.set(name.toLowerCase(), code);
      }
    }
  }
  return nameToCode.get(c.toLowerCase());
}

/** The IANA zone for a location, or null when it cannot be known without guessing. */
export function zoneForLocation(location: {
  country?: string | null;
  region?: string | null;
}): string | null {
  const cc = countryCode(location.country);
  if (!cc) return null;
  const single = SINGLE_ZONE[cc];
  if (single) return single;
  const regions = BY_REGION[cc];
  const region = location.region?.trim().toUpperCase();
  if (regions && region) {
    const byRegion = regions[region];
    if (byRegion) return byRegion;
  }
  return DEFAULT_FOR_MULTI[cc] ?? null;
}
