/** Staff roles, lowest to highest. Browser-safe: shared by the server and the web UI. */
export const ROLES = ['auditor', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who may call a route or see a page.
 * - `public`: anyone, no session (login, health checks, webhooks that verify their own signature).
 * - `staff`: any signed-in user, whatever the role (own profile, logout).
 * - a list of roles: only those; `admin` may always do everything.
 */
export type Access = 'public' | 'staff' | readonly Role[];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether a signed-in user with `role` may use something declared with `access`. */
export function roleAllows(access: Access, role: Role): boolean {
  if (access === 'public' || access === 'staff') return true;
  return role === 'admin' || access.includes(role);
}

/** Navigation areas of the web UI and who sees each. */
export const AREAS = {
  conversations: ['auditor'],
  // Reviewing others' audits is a staff lead's task (docs/audit.md#review).
  audits: ['moderator'],
  moderation: ['moderator'],
  reports: ['moderator'],
  chatbots: ['admin'],
  users: ['admin'],
  settings: ['admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Area = keyof typeof AREAS;
