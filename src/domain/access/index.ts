export { ROLES } from '../views.ts';
export type { Actor, ApiKeyActor, SystemActor, UserActor } from './actor.ts';
export { roleRank } from './actor.ts';
export * from './checks.ts';
