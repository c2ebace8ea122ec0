/**
 * The role table: what each role may do in the dashboard. Every route declares one permission; the server
 * checks it on every request (test/dashboard/roles.test.ts walks every route with every role).
 */

export const ROLES = ["owner", "admin", "support", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  /** Signed in, any role: own account, sign out. */
  signedIn: ["owner", "admin", "support", "viewer"],
  /** Read screens: overview, search, shipment detail, queue, analytics. */
  view: ["owner", "admin", "support", "viewer"],
  /** Raw carrier payloads can hold addresses and names: people who handle customers only. */
  viewRaw: ["owner", "admin", "support"],
  /** Act on shipments and the queue: acknowledge, assign, resolve, notify, refresh. */
  act: ["owner", "admin", "support"],
  /** Settings: carriers, webhooks, notifications, branding, API keys, analytics roll-ups. */
  configure: ["owner", "admin"],
  /** Team: invite, change roles, remove people (owners only for anything touching an owner). */
  manageTeam: ["owner", "admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** True when `role` holds `permission`. */
export function allows(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** Roles a member of `role` may grant or take away: only owners touch owners. */
export function grantableRoles(role: Role): readonly Role[] {
  if (role === "owner") return ROLES;
  if (role === "admin") return ["admin", "support", "viewer"];
  return [];
}

export const ROLE_LABELS: Record<Role, string> = {
  owner: "Owner — everything, including other owners",
  admin: "Admin — settings, API keys and team",
  support: "Support — act on shipments and the queue",
  viewer: "Viewer — read only",
};
