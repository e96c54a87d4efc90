import { describe, expect, it } from "vitest";
import { redact } from "./redact";

describe("log redaction", () => {
  it("removes keys, tokens, URL passwords and secret fields", () => {
    expect(redact("auth with nsk_AbCdEf0123456789xyz failed")).toBe("auth with nsk_[redacted] failed");
    expect(redact("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc.def")).toBe("Authorization: [redacted]");
    expect(redact("connect postgresql://app:hunter2secret@db:5432/northstar")).toBe("connect postgresql://app:[redacted]@db:5432/northstar");
    expect(redact('{"password":"p@ss w0rd","plan":"pro"}')).toBe('{"password":[redacted],"plan":"pro"}');
    expect(redact("signingSecret=whsec_abcdefgh12345678")).toBe("signingSecret=[redacted]");
    expect(redact("sent Basic bm9ydGhzdGFyOmtleS11czY= to mailchimp")).toBe("sent Basic [redacted] to mailchimp");
  });

  it("leaves ordinary text alone", () => {
    const line = "[segments] evaluated 1,204 profiles in 38 ms (token bucket idle)";
    expect(redact(line)).toBe(line);
  });
});
