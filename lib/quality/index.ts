export { ACTIONS, ACTION_LABELS, normalizePlan, planSchema, savePlanSchema, type TrackingPlan, type ViolationAction } from "./plan-schema";
export { applyPlan, checkMessage, deletePlan, generatePlan, getPlan, listViolations, parsePlan, savePlan, type SourcePlan, type Violation, type ViolationSummary } from "./plans";
export { eventHealth, qualityOverview, type EventHealth, type SourceHealth } from "./overview";
export { detect, judgeHour, type Point, type Verdict } from "./anomaly";
export { anomalySeries, checkWorkspace, dismissAnomaly, listAnomalies, workspacesToCheck, type Anomaly } from "./anomalies";
export { alertSettingsSchema, getAlertSettings, saveAlertSettings, sendAnomalyAlert, type AlertSettings } from "./alerts";
export { checkFields, type FieldFinding } from "./fields";
export { checkSegmentSizes, type SizeJump } from "./segment-sizes";
