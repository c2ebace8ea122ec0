/**
 * The credential fields each carrier client reads (as its client.ts documents them), so the dashboard can ask
 * for them by name. carrier-credential-fields.test.ts checks the table against the clients: every required
 * field is one the client refuses to start without.
 */

export interface CredentialField {
  name: string;
  required: boolean;
  /** Shown as a password input and never echoed: keys, secrets, passwords, tokens. */
  secret: boolean;
}

const SECRET = /secret|password|passphrase|token|key|pin/i;

const req = (...names: string[]) => names.map((name) => ({ name, required: true }));
const opt = (...names: string[]) => names.map((name) => ({ name, required: false }));

const TABLE: Readonly<Record<string, readonly { name: string; required: boolean }[]>> = {
  ups: [...req("clientId", "clientSecret"), ...opt("merchantId")],
  fedex: [...req("clientId", "clientSecret"), ...opt("webhookProjectId")],
  usps: [...req("clientId", "clientSecret"), ...opt("adminEmail")],
  usps_international: req("clientId", "clientSecret"),
  dhl_express: req("apiKey", "apiSecret"),
  gls: [...req("clientId", "clientSecret"), ...opt("language")],
  laposte: [...req("apiKey"), ...opt("lang")],
  colissimo: [...req("apiKey"), ...opt("lang")],
  chronopost: opt("language"),
  aramex: req("username", "password", "accountNumber", "accountPin", "accountEntity", "accountCountryCode"),
  tnt: [...req("username", "password"), ...opt("locale")],
  sendle: req("sendleId", "apiKey"),
  easypost: [...req("apiKey"), ...opt("carrier")],
  aftership: [...req("apiKey"), ...opt("slug")],
  shippo: [...req("apiKey"), ...opt("carrier")],
  shipengine: [...req("apiKey"), ...opt("carrierCode")],
  amazon_shipping: [...req("clientId", "clientSecret", "refreshToken"), ...opt("carrierId", "businessId")],
  asendia: [...req("username", "password"), ...opt("customerId", "apiKey")],
  landmark: [...req("username", "password", "clientId"), ...opt("test")],
  seko: req("accessKey"),
  dhl_universal: [...req("apiKey"), ...opt("service", "language")],
  dhl_parcel_de: [...req("apiKey", "appname", "password"), ...opt("language")],
  canadapost: [...req("username", "password"), ...opt("language")],
  purolator: [...req("key", "password"), ...opt("userToken", "language")],
  canpar: req("userId", "password"),
  australiapost: req("apiKey", "password", "accountNumber"),
  royalmail: req("clientId", "clientSecret"),
  dpd: [...req("delisId", "password"), ...opt("language")],
  hermes: [...req("clientId", "clientSecret", "username", "password"), ...opt("language")],
  bpost: req("accountId", "passphrase"),
};

/** The fields a carrier's client reads, required ones first; undefined for a carrier without a client. */
export function credentialFields(carrier: string): CredentialField[] | undefined {
  const fields = TABLE[carrier];
  // `clientId`, `username` and the like identify; only what authenticates is masked.
  return fields?.map((f) => ({ ...f, secret: SECRET.test(f.name) }));
}

/** Carriers the table knows (every one with a polling client). */
export function carriersWithCredentialFields(): string[] {
  return Object.keys(TABLE);
}
