export { createWorkspace, type WorkspaceSummary } from "./create";
export { listWorkspacesForUser, resolveWorkspaceForUser, type WorkspaceAccess } from "./access";
export { getWorkspaceSettings, updateWorkspaceSettings, type WorkspaceSettings } from "./settings";
export { listMembers, changeMemberRole, removeMember, type Member } from "./members";
export {
  acceptInvitation,
  createInvitation,
  getInvitationByToken,
  listInvitations,
  pruneInvitations,
  revokeInvitation,
  INVITATION_TTL_DAYS,
  type InvitationView,
  type PendingInvitation,
} from "./invitations";
export { changeRoleSchema, createWorkspaceSchema, inviteSchema, roleSchema, workspaceSettingsSchema, type WorkspaceSettingsInput } from "./schema";
