export { assertSameOrigin } from "./csrf";
export { securityHeaders } from "./headers";
export { installLogRedaction, redact } from "./redact";
export { LIMITS, assertWithinLimit, resetLimits, take, type Limit } from "./throttle";
