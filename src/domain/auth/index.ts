export { login, type LoginInput } from './login.ts';
export { confirmPasswordReset, issuePasswordToken, requestPasswordReset } from './password-reset.ts';
export { hashPassword, randomToken, safeEqual, sha256 } from './secrets.ts';
export {
  actorForUser,
  createSession,
  destroySession,
  type NewSession,
  resolveSession,
  type SignedInUser,
  switchWorkspace,
  workspacesOfUser,
} from './sessions.ts';
export { completeSetup, isSetupNeeded, issueSetupToken, markSetupCompleted, type SetupInput } from './setup.ts';
