/**
 * The audit trail in words, for Settings › Audit trail: who an actor is, and the action codes. The old dashboard
 * spellings of five acts (api_key.created for api_key.create, src/core/audit-actions.ts) stay in older rows and read
 * the same here. A code missing from the list is shown as the code alone, so a new action never needs this file to
 * appear.
 */
const WORDS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    "alert.open": "Alert opened",
    "alert.acknowledge": "Alert acknowledged",
    "alert.assign": "Alert assigned",
    "alert.resolve": "Alert resolved",
    "alert.auto_resolve": "Alert resolved by itself",
    "alert_rule.update": "Alert rule changed",
    "analytics.rolled_up": "Analytics recomputed",
    "api_key.create": "API key created",
    "api_key.created": "API key created",
    "api_key.rotate": "API key rotated",
    "api_key.revoke": "API key revoked",
    "api_key.revoked": "API key revoked",
    "carrier_account.created": "Carrier account added",
    "carrier_account.updated": "Carrier account changed",
    "carrier_account.credentials_replaced": "Carrier credentials replaced",
    "carrier_account.tested": "Carrier connection tested",
    "carrier_account.enabled": "Carrier account turned on",
    "carrier_account.disabled": "Carrier account turned off",
    "carrier_account.deleted": "Carrier account removed",
    "commerce_connection.create": "Shop connected",
    "commerce_connection.update": "Shop connection changed",
    "commerce_connection.delete": "Shop disconnected",
    "events.batch": "Events sent in a batch",
    "invitation.created": "Invitation sent",
    "invitation.revoked": "Invitation revoked",
    "notification_policy.update": "Notification settings changed",
    "notifications.policy_updated": "Notification settings changed",
    "notification_template.update": "Message template changed",
    "notifications.template_updated": "Message template changed",
    "notification_template.delete": "Message template removed",
    "notification_preference.update": "Shopper's notification choice changed",
    "notification_preference.unsubscribe": "Shopper unsubscribed",
    "order.create": "Order created",
    "order.update": "Order changed",
    "order.delete": "Order deleted",
    "related_products.replace": "Related products replaced",
    "return.request": "Return requested",
    "return.attach_tracking": "Return parcel tracked",
    "seller.create": "Seller created",
    "seller.update": "Account settings changed",
    "seller.branding_updated": "Branding changed",
    "shipment.create": "Shipment created",
    "shipment.update": "Shipment changed",
    "shipment.delete": "Shipment deleted",
    "shipment.events.add": "Tracking events added",
    "shipment.notify": "Shopper messaged",
    "shipment.refresh": "Carrier check requested",
    "shipment.refresh_requested": "Carrier check requested",
    "user.joined": "Joined the team",
    "user.signed_in": "Signed in",
    "user.signed_out_everywhere": "Signed out everywhere",
    "user.password_changed": "Password changed",
    "user.role_changed": "Role changed",
    "user.removed": "Removed from the team",
    "webhook_delivery.redeliver": "Webhook delivery sent again",
    "webhook_endpoint.create": "Webhook added",
    "webhook_endpoint.update": "Webhook changed",
    "webhook_endpoint.rotate": "Webhook secret replaced",
    "webhook_endpoint.delete": "Webhook removed",
  }),
);

/** The action in words, or undefined when there is no obvious one (the code then speaks for itself). */
export function actionWords(action: string): string | undefined {
  const words = WORDS.get(action);
  if (words) return words;
  // A return's status changes are written as return.<new status> (src/returns/service.ts).
  const returnTo = /^return\.([a-z_]+)$/.exec(action)?.[1];
  return returnTo ? `Return ${returnTo.replace(/_/g, " ")}` : undefined;
}

/** Who an actor is: a name to read and, for people and keys, what tells them apart. */
export interface Who {
  label: string;
  detail?: string;
}

/** Actors written without an id (src/http/audit-hook.ts writes api_key:<id>; respond.ts user:<id>). */
const FIXED_ACTORS: ReadonlyMap<string, Who> = new Map([
  ["system", { label: "Shipwatch" }],
  ["cli", { label: "Command line", detail: "shipwatch seller" }],
  ["shopper", { label: "A shopper" }],
]);

/** Every actor the seller has now, by the actor string the trail holds: its people, then its API keys. */
export function actorDirectory(
  users: readonly { id: string; email: string; name: string }[],
  keys: readonly { id: string; name: string; prefix: string }[],
): Map<string, Who> {
  return new Map<string, Who>([
    ...users.map(
      (u) => [`user:${u.id}`, u.name ? { label: u.name, detail: u.email } : { label: u.email }] as const,
    ),
    ...keys.map((k) => [`api_key:${k.id}`, { label: `API key ${k.name}`, detail: `${k.prefix}…` }] as const),
    ...FIXED_ACTORS,
  ]);
}

/** The actor in words; one that no longer exists (a removed person, a deleted key) as its raw id. */
export function describeActor(actor: string, directory: ReadonlyMap<string, Who>): Who {
  return directory.get(actor) ?? { label: actor };
}

/** The actor on one line, for a select's option or a CSV cell. */
export const whoText = (who: Who) => (who.detail ? `${who.label} (${who.detail})` : who.label);
