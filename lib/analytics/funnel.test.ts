import { describe, expect, it } from "vitest";
import { funnelSql } from "./funnel";
import { funnelSchema } from "./schema";

const steps = [{ event: "Product Viewed" }, { event: "Order Completed" }];

describe("funnel SQL", () => {
  it("reads step 1 from who did it each hour when allowed, the later steps from the events", () => {
    const insight = funnelSchema.parse({ type: "funnel", steps });
    const { sql } = funnelSql(insight, "ws_1", "UTC", false, true);
    const s1 = sql.slice(sql.indexOf("s1 AS"), sql.indexOf("s2 AS"));
    expect(s1).toContain("FROM event_people e");
    expect(s1).toContain("e.hour >= (SELECT f FROM bounds) AND e.hour < (SELECT t FROM bounds) AND e.first_ts < (SELECT t FROM bounds)");
    expect(sql.slice(sql.indexOf("s2 AS"))).toContain("JOIN events e ON");
    expect(funnelSql(insight, "ws_1", "UTC").sql).not.toContain("event_people");
  });

  it("keeps step 1 on the events when it has a filter or the funnel breaks down by its property", () => {
    const filtered = funnelSchema.parse({ type: "funnel", steps: [{ event: "Product Viewed", filters: [{ property: "category", valueType: "string", op: "eq", value: "Tea" }] }, steps[1]] });
    const byProperty = funnelSchema.parse({ type: "funnel", steps, breakdown: { kind: "property", property: "category" } });
    const byTrait = funnelSchema.parse({ type: "funnel", steps, breakdown: { kind: "trait", trait: "plan" } });
    expect(funnelSql(filtered, "ws_1", "UTC", false, true).sql).not.toContain("event_people");
    expect(funnelSql(byProperty, "ws_1", "UTC", false, true).sql).not.toContain("event_people");
    expect(funnelSql(byTrait, "ws_1", "UTC", false, true).sql).toContain("FROM event_people e LEFT JOIN profiles pr");
  });
});
