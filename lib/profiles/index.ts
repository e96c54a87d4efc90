export { getProfile, profileEventNames, profileSummaries, profileTimeline, searchProfiles, type ProfileDetail, type ProfileSummary, type TimelineEvent } from "./profiles";
export { dailyEvents, workspaceOverview, type DailyPoint, type Overview } from "./overview";
