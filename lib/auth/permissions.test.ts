import { describe, expect, it } from "vitest";
import { ALL_PERMISSIONS, RESOURCES, ROLES, can, canAssignRole, scopeCan, type Permission, type RoleName } from "./permissions";

// The expected grid, written out by hand: R = read only, W = read and write, - = nothing.
// Columns follow RESOURCES: workspace members apiKeys sources profiles segments journeys destinations dashboards models privacy auditLog sql pii
const GRID: Record<RoleName, string> = {
  owner: "W W W W W W W W W W W W W W",
  admin: "W W W W W W W W W W W W W W",
  marketer: "- - - R R W W W W R - - - R",
  analyst: "- - - R R R R R W W - - R -",
  viewer: "- - - R R R R R R R - - - -",
};

function expected(role: RoleName, permission: Permission): boolean {
  const [resource, action] = permission.split(":") as [string, string];
  const cell = GRID[role].split(" ")[RESOURCES.indexOf(resource as (typeof RESOURCES)[number])];
  if (cell === "W") return true;
  if (cell === "R") return action === "read";
  return false;
}

describe("permission table", () => {
  it("has a column for every resource", () => {
    for (const role of ROLES) expect(GRID[role].split(" ")).toHaveLength(RESOURCES.length);
  });

  for (const role of ROLES) {
    for (const permission of ALL_PERMISSIONS) {
      it(`${role} ${expected(role, permission) ? "may" : "may not"} ${permission}`, () => {
        expect(can(role, permission)).toBe(expected(role, permission));
      });
    }
  }

  it("keeps the admin console (members, API keys, audit log) to Owners and Admins", () => {
    const console: Permission[] = ["members:read", "apiKeys:read", "auditLog:read"];
    for (const role of ROLES) {
      for (const p of console) expect(can(role, p)).toBe(role === "owner" || role === "admin");
    }
  });

  it("never lets a role write what it cannot read", () => {
    for (const role of ROLES) {
      for (const r of RESOURCES) if (can(role, `${r}:write`)) expect(can(role, `${r}:read`)).toBe(true);
    }
  });
});

describe("role assignment", () => {
  it("lets only an Owner grant the Owner role", () => {
    expect(canAssignRole("owner", "owner")).toBe(true);
    expect(canAssignRole("admin", "owner")).toBe(false);
    expect(canAssignRole("admin", "admin")).toBe(true);
    expect(canAssignRole("admin", "viewer")).toBe(true);
  });
  it("refuses any assignment to roles without members:write", () => {
    for (const actor of ["marketer", "analyst", "viewer"] as const) {
      for (const target of ROLES) expect(canAssignRole(actor, target)).toBe(false);
    }
  });
});

describe("API key scopes", () => {
  it("read keys cannot write anything", () => {
    for (const p of ALL_PERMISSIONS) if (p.endsWith(":write")) expect(scopeCan("read", p)).toBe(false);
  });
  it("only admin keys reach members, keys and the audit log, and no key changes workspace settings", () => {
    for (const p of ["members:read", "apiKeys:write", "auditLog:read"] as Permission[]) {
      expect(scopeCan("read", p)).toBe(false);
      expect(scopeCan("write", p)).toBe(false);
      expect(scopeCan("admin", p)).toBe(true);
    }
    for (const s of ["read", "write", "admin"] as const) expect(scopeCan(s, "workspace:write")).toBe(false);
  });
});
