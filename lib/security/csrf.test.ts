import { describe, expect, it } from "vitest";
import { assertSameOrigin } from "./csrf";

const req = (method: string, headers: Record<string, string>) => new Request("http://app.example.com/api/segments", { method, headers: { host: "app.example.com", ...headers } });

describe("CSRF protection", () => {
  it("lets reads, same-origin changes, API-key calls and clients without Origin through", () => {
    expect(() => assertSameOrigin(req("GET", { origin: "https://evil.example" }))).not.toThrow();
    expect(() => assertSameOrigin(req("POST", { origin: "http://app.example.com", "sec-fetch-site": "same-origin" }))).not.toThrow();
    expect(() => assertSameOrigin(req("DELETE", { origin: "https://evil.example", authorization: "Bearer nsk_x" }))).not.toThrow();
    expect(() => assertSameOrigin(req("POST", {}))).not.toThrow();
    expect(() => assertSameOrigin(req("PUT", { origin: "https://northstar.acme.com" }), "https://northstar.acme.com")).not.toThrow();
  });

  it("refuses changes another site's page makes with the session cookie", () => {
    expect(() => assertSameOrigin(req("POST", { origin: "https://evil.example" }))).toThrow(/another site/);
    expect(() => assertSameOrigin(req("PUT", { "sec-fetch-site": "cross-site" }))).toThrow(/CSRF/);
    expect(() => assertSameOrigin(req("DELETE", { origin: "null" }))).toThrow(/CSRF/);
    expect(() => assertSameOrigin(req("PATCH", { origin: "not a url" }))).toThrow(/CSRF/);
  });
});
