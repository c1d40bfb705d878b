export { createMember, deleteMember, getMember, type ListMembersQuery, listMembers, type MemberInput, updateMember } from './members.ts';
export { createUnit, deleteUnit, getUnit, listUnits, loadVisibleUnit, updateUnit } from './units.ts';
export { acceptInvitation, changeUserRole, inviteUser, listUsers, provisionUser, revokeUserAccess } from './users.ts';
