export type { DeleteAccountInput } from './account-schemas.ts';
export {
  deleteAccountSchema,
  profileUpdateSchema,
  staffSetActiveSchema,
  staffSetStaffSchema,
  staffUserIdSchema,
  staffUserSearchSchema,
} from './account-schemas.ts';
export {
  changePasswordSchema,
  requestEmailChangeSchema,
  requestPasswordResetSchema,
  setPasswordSchema,
  signInWithPasswordSchema,
  signUpSchema,
  verifyEmailSchema,
} from './auth-schemas.ts';
export { createUserFromCli } from './cli-users.ts';
export { describeDevice, deviceParts } from './devices.ts';
export { requestEmailChange, resendEmailVerification, verifyEmail } from './email-verification.ts';
export type { SessionEntity, UserEntity } from './entities.ts';
export {
  RateLimitBucket,
  SecurityEventReceipt,
  Session,
  SigningKey,
  User,
  UserToken,
} from './entities.ts';
export { meRouter } from './me-router.ts';
export type { MozillaTokens } from './mozilla/client.ts';
export {
  authorizationUrl,
  destroyToken,
  discover,
  exchangeCode,
  fetchProfile,
  MozillaAccountsError,
  newCodeVerifier,
  newState,
  usesPkce,
} from './mozilla/client.ts';
export {
  currentAccessToken,
  loadMozillaTokens,
  revokeMozillaTokens,
  SEALED_MOZILLA_TOKENS,
  sealMozillaTokens,
} from './mozilla/stored-tokens.ts';
export { type MailRecipient, notifyPerson } from './notices.ts';
export type { SignUpInput } from './passwords.ts';
export {
  accountCredentials,
  changePassword,
  requestPasswordReset,
  type SignInInfo,
  setPasswordWithToken,
  signInWithPassword,
  signUp,
} from './passwords.ts';
export { selfChange, staffProcedure, userProcedure } from './procedures.ts';
export { updateProfile } from './profile.ts';
export { endAllSessions } from './session-ending.ts';
export { loadSessionState, type SessionState, sessionStateOf, sessionStateQuery } from './session-lookup.ts';
export type { NewSessionInfo } from './sessions.ts';
export {
  clearSessionCookie,
  createSession,
  resolveSession,
  revokeSession,
  revokeUserSessions,
  sessionCookieName,
  setSessionCookie,
} from './sessions.ts';
export type { SignInFailureReason, SignInFlow } from './sign-in-reasons.ts';
export { safeReturnPath, signInErrorPath } from './sign-in-reasons.ts';
export { type KnownDevice, knownDevice, rememberDevice } from './sign-in-throttle.ts';
export { signOut } from './sign-out.ts';
export type { VerifiedAccessToken } from './signing-keys.ts';
export {
  ACCESS_TOKEN_SECONDS,
  JWKS_CACHE_SECONDS,
  publishedJwks,
  ROTATION_LEAD_SECONDS,
  rotateSigningKeys,
  SEALED_SIGNING_KEYS,
  signAccessToken,
  verifyAccessToken,
} from './signing-keys.ts';
export { staffAccountsRouter } from './staff-accounts-router.ts';
export { changeRoles } from './staff-roles.ts';
export type { StaffActor, StaffUserIdentityDto } from './staff-users.ts';
export { endUserSessions, getUserIdentity, searchUsers, setActive, setStaff } from './staff-users.ts';
export type { ClientUser, ClientUserProfile, SignupGate } from './users.ts';
export {
  applyMozillaProfile,
  emitUserEvent,
  followMozillaProfile,
  MOZILLA_FIELDS,
  recordMozillaProfileChange,
  signupNotAllowed,
  toClientUser,
  toClientUserProfile,
  upsertMozillaUser,
} from './users.ts';
