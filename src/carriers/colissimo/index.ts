/**
 * Colissimo: tracked through La Poste's Suivi API v2 (JSON, X-Okapi-Key), the API La Poste points Colissimo
 * customers to; same payload, event codes and client as ../laposte, reported under the colissimo id.
 */
import { defineCarrier } from "../types.js";
import { guardParse } from "../shared/index.js";
import { createSuiviClient, LAPOSTE_BASE_URL } from "../laposte/client.js";
import { createSuiviParser } from "../laposte/parse.js";
import { suiviStatusMap } from "../laposte/status-map.js";

export default defineCarrier({
  id: "colissimo",
  label: "Colissimo",
  api: "La Poste Suivi API v2 (Colissimo)",
  auth: "api_key",
  defaultBaseUrl: LAPOSTE_BASE_URL,
  statusMap: suiviStatusMap,
  parse: guardParse("colissimo", createSuiviParser("colissimo", suiviStatusMap)),
  createClient: createSuiviClient("colissimo"),
  trackingUrl: (n) => `https://www.laposte.fr/outils/suivre-vos-envois?code=${encodeURIComponent(n)}`,
});
