import { describe, expect, it } from "vitest";
import { trendsSchema } from "./schema";
import { readyKey } from "./breakdown-rollups";
import { seriesSql } from "./trends";

const base = { type: "trends", series: [{ event: "Order Completed" }] };

describe("trend SQL", () => {
  it("counts events of one name in the workspace over the range, bucketed in the workspace's timezone", () => {
    const insight = trendsSchema.parse(base);
    const { sql, params } = seriesSql(insight, insight.series[0]!, "ws_1", "Europe/Paris");
    expect(params.slice(0, 2)).toEqual(["ws_1", "Europe/Paris"]);
    expect(params).toContain("Order Completed");
    expect(params).toContain("29 days"); // the last 30 days: today and the 29 before
    expect(sql).toMatch(/e\.workspace_id = \$1 AND e\.event = \$\d+ AND e\.ts >= bounds\.f AND e\.ts < bounds\.t/);
    expect(sql).toContain("date_trunc('day', e.ts AT TIME ZONE $2)");
    expect(sql).toContain("count(*)::float8");
    expect(sql).toContain("GROUPING SETS ((b, bd), (bd))");
  });

  it("counts unique people, sums numeric properties, breaks down by trait, and filters by segment", () => {
    const insight = trendsSchema.parse({
      ...base,
      series: [{ event: "Order Completed", measure: "uniques" }, { event: "Order Completed", measure: "sum", property: "revenue" }],
      breakdown: { kind: "trait", trait: "plan" },
      segmentId: "seg_9",
      range: { kind: "between", from: "2026-05-01", to: "2026-05-31" },
      interval: "week",
    });
    const uniques = seriesSql(insight, insight.series[0]!, "ws_1", "UTC");
    expect(uniques.sql).toContain("count(DISTINCT profile_id)::float8");
    expect(uniques.sql).toContain("LEFT JOIN profiles pr ON pr.id = e.profile_id");
    expect(uniques.sql).toContain("date_trunc('week'");
    expect(uniques.sql).toContain("EXISTS (SELECT 1 FROM segment_members f WHERE f.segment_id = ");
    expect(uniques.params).toEqual(expect.arrayContaining(["2026-05-01", "2026-05-31", "seg_9", ["plan"]]));
    const sum = seriesSql(insight, insight.series[1]!, "ws_1", "UTC");
    expect(sum.sql).toContain("coalesce(sum(v), 0)::float8");
    expect(sum.params).toEqual(expect.arrayContaining([["revenue"]]));
  });

  it("reads a property breakdown of a plain count from its rollup once that is ready, and from the events otherwise", () => {
    const insight = trendsSchema.parse({ ...base, series: [{ event: "Product Viewed" }, { event: "Product Viewed", measure: "uniques" }], breakdown: { kind: "property", property: "category" } });
    const ready = { breakdowns: new Set([readyKey("Product Viewed", "category")]) };
    const fromRollup = seriesSql(insight, insight.series[0]!, "ws_1", "UTC", false, ready).sql;
    expect(fromRollup).toContain("FROM breakdown_rollups r");
    expect(fromRollup).toContain("FROM breakdown_rollup_deltas r");
    expect(fromRollup).toContain("'(none)', -n FROM v");
    expect(fromRollup).not.toContain("FROM events");
    expect(seriesSql(insight, insight.series[1]!, "ws_1", "UTC", false, ready).sql).toContain("FROM events e"); // uniques: no rollup
    expect(seriesSql(insight, insight.series[0]!, "ws_1", "UTC", false, { breakdowns: new Set() }).sql).toContain("FROM events e"); // not built yet
  });

  it("shifts the range back by its own length for the previous period", () => {
    const insight = trendsSchema.parse({ ...base, compare: true });
    const now = seriesSql(insight, insight.series[0]!, "ws_1", "UTC").sql;
    const before = seriesSql(insight, insight.series[0]!, "ws_1", "UTC", true).sql;
    expect(before).not.toBe(now);
    expect(before).toMatch(/bounds AS \(SELECT \(\(\(date_trunc/);
  });

  it("refuses a sum without a property and explains", () => {
    const r = trendsSchema.safeParse({ ...base, series: [{ event: "Order Completed", measure: "sum" }] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe("Choose the property to add up or average");
  });
});
