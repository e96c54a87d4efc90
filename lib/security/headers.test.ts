import { describe, expect, it } from "vitest";
import { securityHeaders } from "./headers";

describe("security headers", () => {
  it("forbid framing and sniffing, restrict scripts to the app, and add HSTS only over HTTPS", () => {
    const h = Object.fromEntries(securityHeaders({ https: true, dev: false }).map((x) => [x.key, x.value]));
    expect(h["X-Frame-Options"]).toBe("DENY");
    expect(h["X-Content-Type-Options"]).toBe("nosniff");
    expect(h["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
    expect(h["Content-Security-Policy"]).toContain("script-src 'self' 'unsafe-inline';");
    expect(h["Strict-Transport-Security"]).toMatch(/max-age=\d+/);
    const plain = securityHeaders({ https: false, dev: true }).map((x) => x.key);
    expect(plain).not.toContain("Strict-Transport-Security");
    expect(securityHeaders({ https: false, dev: true }).find((x) => x.key === "Content-Security-Policy")!.value).toContain("'unsafe-eval'");
  });
});
