/**
 * Who may do what. The single source of truth for authorization: every route handler, server
 * action, API and job checks these on the server; the UI only uses them to hide what a role cannot do.
 */
export const ROLES = ["owner", "admin", "marketer", "analyst", "viewer"] as const;
export type RoleName = (typeof ROLES)[number];

export const RESOURCES = [
  "workspace",
  "members",
  "apiKeys",
  "sources",
  "profiles",
  "segments",
  "journeys",
  "destinations",
  "dashboards",
  "models",
  "privacy",
  "auditLog",
  /** The read-only SQL console over the workspace's own data. */
  "sql",
  /** Personal data (PII and sensitive fields) unmasked: without pii:read it is masked everywhere. */
  "pii",
] as const;
export type Resource = (typeof RESOURCES)[number];
export type Action = "read" | "write";
export type Permission = `${Resource}:${Action}`;

export const ALL_PERMISSIONS: Permission[] = RESOURCES.flatMap((r) => [`${r}:read`, `${r}:write`] as Permission[]);

const read = (...rs: Resource[]): Permission[] => rs.map((r) => `${r}:read` as Permission);
const write = (...rs: Resource[]): Permission[] => rs.map((r) => `${r}:write` as Permission);

/** Data a marketing team works with day to day. */
const DOMAIN: Resource[] = ["sources", "profiles", "segments", "journeys", "destinations", "dashboards", "models"];

export const ROLE_PERMISSIONS: Record<RoleName, ReadonlySet<Permission>> = {
  // Everything, including deleting the workspace and making other Owners.
  owner: new Set(ALL_PERMISSIONS),
  // Runs the workspace: members, keys, sources, privacy; everything an Owner can, except ownership.
  admin: new Set(ALL_PERMISSIONS),
  // Builds audiences, journeys and syncs; reads sources and models; sees the people they message.
  marketer: new Set([...read(...DOMAIN, "pii"), ...write("segments", "journeys", "destinations", "dashboards")]),
  // Explores data, builds dashboards and trains models; changes nothing that reaches customers; personal data masked.
  analyst: new Set([...read(...DOMAIN, "sql"), ...write("dashboards", "models")]),
  // Looks at everything a marketer sees, changes nothing; personal data masked.
  viewer: new Set(read(...DOMAIN)),
};

export const ROLE_LABELS: Record<RoleName, string> = {
  owner: "Owner",
  admin: "Admin",
  marketer: "Marketer",
  analyst: "Analyst",
  viewer: "Viewer",
};

export const ROLE_DESCRIPTIONS: Record<RoleName, string> = {
  owner: "Full control, including ownership and deleting the workspace",
  admin: "Manages members, API keys, sources, privacy and every area",
  marketer: "Builds segments, journeys, destination syncs and dashboards",
  analyst: "Explores data, builds dashboards, queries with SQL and trains models",
  viewer: "Read-only access to data, segments, journeys and dashboards",
};

export function isRole(value: unknown): value is RoleName {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function can(role: RoleName, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

/** Only an Owner may grant or take away the Owner role. */
export function canAssignRole(actor: RoleName, target: RoleName): boolean {
  if (!can(actor, "members:write")) return false;
  return target !== "owner" || actor === "owner";
}

/** API keys act with the permissions of a scope, never more than a role that could create them. */
export const API_KEY_SCOPES = ["read", "write", "admin"] as const;
export type ApiKeyScopeName = (typeof API_KEY_SCOPES)[number];

export const SCOPE_PERMISSIONS: Record<ApiKeyScopeName, ReadonlySet<Permission>> = {
  read: new Set([...read(...DOMAIN)]),
  write: new Set([...read(...DOMAIN, "pii"), ...write(...DOMAIN)]),
  admin: new Set(ALL_PERMISSIONS.filter((p) => p !== "workspace:write")),
};

export const SCOPE_DESCRIPTIONS: Record<ApiKeyScopeName, string> = {
  read: "Read data, segments, journeys and dashboards",
  write: "Read and change data, segments, journeys, destinations and dashboards",
  admin: "Everything but workspace settings, including members and the audit log",
};

export function scopeCan(scope: ApiKeyScopeName, permission: Permission): boolean {
  return SCOPE_PERMISSIONS[scope].has(permission);
}
