export type { Actor, ApiKeyActor, UserActor } from './actor.ts';
export { ROLES, roleRank } from './actor.ts';
export * from './checks.ts';
