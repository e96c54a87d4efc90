import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseHeaders, signBody, webhook } from "./webhook";

describe("webhook destination", () => {
  it("signs the timestamp and raw body with HMAC-SHA256", () => {
    const body = '{"records":[]}';
    expect(signBody("s3cret", "1700000000", body)).toBe(`v1=${createHmac("sha256", "s3cret").update(`1700000000.${body}`).digest("hex")}`);
    expect(signBody("s3cret", "1700000001", body)).not.toBe(signBody("s3cret", "1700000000", body));
  });

  it("reads extra headers one per line and says which line is wrong", () => {
    expect(parseHeaders("Authorization: Bearer x\n\nX-Team:growth")).toEqual({ headers: { Authorization: "Bearer x", "X-Team": "growth" }, problems: [] });
    expect(parseHeaders("no colon here").problems).toEqual(['Extra headers line 1 should look like "Name: value".']);
  });

  it("validates the configuration in words that say what to fix", () => {
    expect(webhook.validate({}, {})).toEqual(["Endpoint URL is required."]);
    expect(webhook.validate({ url: "ftp://x", batchSize: "5000" }, {})).toEqual(["Endpoint URL must start with http:// or https://.", "Records per request must be between 1 and 1000."]);
  });
});
