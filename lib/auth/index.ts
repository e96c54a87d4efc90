export * from "./permissions";
export { hashPassword, verifyPassword } from "./password";
export { assertLoginAllowed, recordLoginAttempt, pruneLoginAttempts, LOGIN_LIMITS } from "./rate-limit";
export { authenticate, getUser, isInstallEmpty, signUpFirstOwner, type SessionUser } from "./users";
export { credentialsSchema, emailSchema, passwordSchema, signUpSchema, type SignUpInput } from "./schema";
