import { describe, expect, it } from "vitest";
import { copyJson, copyText, copyTime } from "./copy-text";

describe("COPY text encoding", () => {
  it("writes NULL as \\N and plain text unchanged", () => {
    expect(copyText(null)).toBe("\\N");
    expect(copyText("Grace O'Brien")).toBe("Grace O'Brien");
  });
  it("escapes backslashes, tabs and line breaks", () => {
    expect(copyText("a\\b\tc\nd\re")).toBe("a\\\\b\\tc\\nd\\re");
  });
  it("escapes the backslashes JSON itself contains", () => {
    expect(copyJson({ q: 'say "hi"\n' })).toBe('{"q":"say \\\\"hi\\\\"\\\\n"}');
  });
  it("writes times as ISO 8601 UTC", () => {
    expect(copyTime(Date.UTC(2026, 0, 2, 3, 4, 5, 6))).toBe("2026-01-02T03:04:05.006Z");
  });
});
