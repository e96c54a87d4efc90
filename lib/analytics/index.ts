export * from "./schema";
export { runTrends, trendsCsv, seriesSql, workspaceTimezone, QUERY_TIMEOUT_MS, type TrendLine, type TrendsResult } from "./trends";
