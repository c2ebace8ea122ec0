/**
 * La Poste Suivi API v2 event codes (`shipment.event[].code`), shared by every product the API tracks
 * (Colissimo, Chronopost, Lettre suivie, international mail). From La Poste's "codes événements" list on
 * developer.laposte.fr. Every row: [code, status, substatus, La Poste's meaning].
 */
import { statusMapFromRows } from "../shared/index.js";

export const suiviStatusMap = statusMapFromRows([
  [
    "DR1",
    "info_received",
    "label_created",
    "Déclaratif réceptionné (shipment data received, not yet handed over)",
  ],
  ["DR2", "exception", null, "Problème lors de la préparation (problem while preparing the shipment)"],
  ["PC1", "in_transit", "picked_up", "Pris en charge (accepted by La Poste)"],
  [
    "PC2",
    "in_transit",
    "picked_up",
    "Pris en charge dans le pays d'expédition (accepted in the origin country)",
  ],
  ["ET1", "in_transit", null, "En cours de traitement (being processed / in transit)"],
  [
    "ET2",
    "in_transit",
    null,
    "En cours de traitement dans le pays d'expédition (processed in the origin country)",
  ],
  [
    "ET3",
    "in_transit",
    "arrived_destination_country",
    "En cours de traitement dans le pays de destination (processed in the destination country)",
  ],
  [
    "ET4",
    "in_transit",
    null,
    "En cours de traitement dans un pays de transit (processed in a transit country)",
  ],
  ["EP1", "in_transit", null, "En attente de présentation (waiting to be presented for delivery)"],
  ["DO1", "in_transit", "customs_started", "Entrée en douane (entered customs)"],
  ["DO2", "in_transit", "customs_cleared", "Sortie de douane (released by customs)"],
  ["DO3", "exception", "held_customs", "Retenu en douane (held by customs)"],
  ["ID0", "in_transit", "customs_started", "Informations douane (customs information)"],
  ["PB1", "exception", null, "Problème en cours (problem in progress)"],
  ["PB2", "in_transit", null, "Problème résolu (problem solved, moving again)"],
  ["MD2", "out_for_delivery", null, "Mis en distribution (out for delivery)"],
  ["ND1", "attempt_failed", null, "Non distribuable (could not be delivered)"],
  [
    "AG1",
    "available_for_pickup",
    null,
    "En attente d'être retiré au guichet (waiting at the post office / pickup point)",
  ],
  ["RE1", "return_to_sender", null, "Retourné à l'expéditeur (being returned to the sender)"],
  ["DI0", "delivered", null, "Distribué en lot (delivered as part of a batch)"],
  ["DI1", "delivered", null, "Distribué (delivered)"],
  ["DI2", "returned", null, "Distribué à l'expéditeur (delivered back to the sender)"],
  ["DI3", "in_transit", "delayed", "Retardé (delayed)"],
]);
