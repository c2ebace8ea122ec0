/** La Poste: Suivi API v2 (JSON, X-Okapi-Key) for Lettre suivie, international mail, Colissimo and Chronopost. */
import { defineCarrier } from "../types.js";
import { guardParse } from "../shared/index.js";
import { createSuiviClient, LAPOSTE_BASE_URL } from "./client.js";
import { createSuiviParser } from "./parse.js";
import { suiviStatusMap } from "./status-map.js";

export default defineCarrier({
  id: "laposte",
  label: "La Poste",
  api: "La Poste Suivi API v2",
  auth: "api_key",
  defaultBaseUrl: LAPOSTE_BASE_URL,
  statusMap: suiviStatusMap,
  parse: guardParse("laposte", createSuiviParser("laposte", suiviStatusMap)),
  createClient: createSuiviClient("laposte"),
  trackingUrl: (n) => `https://www.laposte.fr/outils/suivre-vos-envois?code=${encodeURIComponent(n)}`,
});
