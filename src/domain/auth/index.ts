export { type LoginInput, login } from './login.ts';
export { confirmPasswordReset, issuePasswordToken, requestPasswordReset } from './password-reset.ts';
export { hashPassword, randomToken, safeEqual, sha256 } from './secrets.ts';
export {
  actorForUser,
  createSession,
  describeSession,
  destroySession,
  type NewSession,
  resolveSession,
  type SignedInUser,
  switchWorkspace,
} from './sessions.ts';
export { completeSetup, isSetupNeeded, issueSetupToken, markSetupCompleted, type SetupInput } from './setup.ts';
