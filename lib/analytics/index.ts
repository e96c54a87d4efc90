export * from "./schema";
export { runTrends, trendsCsv, seriesSql, workspaceTimezone, QUERY_TIMEOUT_MS, type TrendLine, type TrendsResult } from "./trends";
export { dropOffDefinition, funnelDropOffs, funnelSql, runFunnel, type FunnelGroup, type FunnelResult, type FunnelStepResult } from "./funnel";
export { insightCsv, runInsight, type InsightResult } from "./run";
export {
  createDashboard, createInsight, deleteDashboard, getDashboard, getInsight, listDashboards, saveDashboardSchema, saveInsightSchema, saveToDashboard, tileSchema, updateDashboard, updateInsight,
  type Dashboard, type SavedInsight, type Tile,
} from "./store";
export { createStarterDashboard } from "./starter";
export { retentionSql, runRetention, type Cohort, type RetentionResult } from "./retention";
export { consoleSchema, runConsoleQuery, CONSOLE_MAX_ROWS, type ConsoleResult } from "./console";
export { buildNextRollup, foldRollups, rollupsReady } from "./rollups";
export { buildNextEventPeople, eventPeopleReady } from "./people";
export { buildNextBreakdownRollup, foldBreakdownRollups, readyBreakdowns, startCollecting } from "./breakdown-rollups";
