export { getProfile, profileEventNames, profileTimeline, searchProfiles, type ProfileDetail, type ProfileSummary, type TimelineEvent } from "./profiles";
