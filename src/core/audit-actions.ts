/**
 * One code per act in the audit trail. Until session 9 the dashboard wrote some acts under codes of its own
 * (api_key.created where the API writes api_key.create), so filtering the trail by one code missed the acts done
 * the other way. Both now write the API's code. The trail is append-only (a trigger refuses UPDATE), so rows
 * written before keep their old code; reading maps them to the code they stand for.
 */
const LEGACY_TO_CANONICAL: ReadonlyMap<string, string> = new Map([
  ["api_key.created", "api_key.create"],
  ["api_key.revoked", "api_key.revoke"],
  ["notifications.policy_updated", "notification_policy.update"],
  ["notifications.template_updated", "notification_template.update"],
  ["shipment.refresh_requested", "shipment.refresh"],
]);

/** The code an action is written under now (itself, unless it is an old dashboard spelling). */
export const canonicalAuditAction = (action: string): string => LEGACY_TO_CANONICAL.get(action) ?? action;

/** Every code rows of this action may carry: the action's own code and the old spellings of it. */
export function auditActionSpellings(action: string): string[] {
  const canonical = canonicalAuditAction(action);
  const legacy = [...LEGACY_TO_CANONICAL].filter(([, c]) => c === canonical).map(([old]) => old);
  return [canonical, ...legacy];
}

/** Old spellings whose action falls under a prefix ("notification_policy." finds notifications.policy_updated). */
export const legacyAuditActionsUnder = (prefix: string): string[] =>
  [...LEGACY_TO_CANONICAL].filter(([, c]) => c.startsWith(prefix)).map(([old]) => old);
