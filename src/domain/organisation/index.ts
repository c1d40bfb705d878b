export { createMember, deleteMember, getMember, listMembers, type ListMembersQuery, type MemberInput, type MemberView, updateMember } from './members.ts';
export { createUnit, deleteUnit, getUnit, listUnits, loadVisibleUnit, type UnitView, updateUnit } from './units.ts';
export { acceptInvitation, changeUserRole, inviteUser, listUsers, provisionUser, revokeUserAccess, type UserView } from './users.ts';
