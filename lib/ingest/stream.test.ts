import { describe, expect, it } from "vitest";
import { parseMessage } from "./message";
import { decodeEvents, encodeEvents, profileKeyOf } from "./stream";

describe("events on the stream", () => {
  it("come back from the stream exactly as they were accepted, dates included", () => {
    const receivedAt = new Date("2026-05-01T10:00:00.250Z");
    const messages = [
      parseMessage({ type: "track", event: "Order Completed", userId: "u1", anonymousId: "a1", messageId: "m1", properties: { revenue: 12.5, items: ["x"] }, context: { ip: "10.0.0.1" }, timestamp: "2026-05-01T09:59:00Z", sentAt: "2026-05-01T10:00:00Z" }, { receivedAt }),
      parseMessage({ type: "identify", userId: "u2", messageId: "m2", traits: { plan: "pro" } }, { receivedAt }),
    ];
    const back = decodeEvents(encodeEvents("ws_1", "src_1", messages));
    expect(back).toEqual({ workspaceId: "ws_1", sourceId: "src_1", messages });
    expect(back.messages[0]!.ts).toBeInstanceOf(Date);
    expect(back.messages[1]!.sentAt).toBeNull();
  });

  it("are keyed by the anonymous id a browser sends on every call, else the user id, within the workspace", () => {
    expect(profileKeyOf("ws", { anonymousId: "a1", userId: "u1", messageId: "m" })).toBe("ws/a1");
    expect(profileKeyOf("ws", { anonymousId: null, userId: "u1", messageId: "m" })).toBe("ws/u1");
    expect(profileKeyOf("other", { anonymousId: null, userId: "u1", messageId: "m" })).toBe("other/u1");
  });
});
