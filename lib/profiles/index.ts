export { getProfile, profileEventNames, profileSummaries, profileTimeline, recentlySeenFirst, searchProfiles, type ProfileDetail, type ProfileSummary, type TimelineEvent } from "./profiles";
export { dailyEvents, workspaceOverview, type DailyPoint, type Overview } from "./overview";
export { lookupProfile, PROFILE_FIELDS, type ProfileField, type ProfileLookup } from "./lookup";
export { answerProfileRequest, type ApiAnswer } from "./api";
export { AGGREGATES, buildNextComputed, computedTraitSchema, createComputedTrait, deleteComputedTrait, EVENT_TIME, listComputedTraits, processComputedQueue, TRAITS_CHANNEL, type ComputedTrait, type ComputedTraitInput } from "./computed";
