/**
 * The one source of role names and what each role may do. Roles are ordered: each includes the ones before it.
 * Plain TypeScript (no server-only) so client components can hide controls a role cannot use; the server checks again.
 */

export const ROLES = ['viewer', 'moderator', 'senior', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True when `role` is at least `minimum` in the order viewer < moderator < senior < admin. */
export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}

/** The smallest role each action needs. */
export const PERMISSIONS = {
  readWorkflows: 'viewer',
  readScores: 'viewer',
  revealGatedMedia: 'moderator',
  recordDecision: 'moderator',
  tagWorkflow: 'moderator',
  // Strikes show the prompts and media of flagged jobs: the people who reveal media read them.
  readStrikes: 'moderator',
  /** Start or stop the risk index following a Civitai user (the overview's watch button). */
  watchUsers: 'moderator',
  /** Near-duplicates of an output across every indexed user (similar search). */
  findSimilar: 'moderator',
  revealHardGatedMedia: 'senior',
  cancelWorkflow: 'senior',
  taintJob: 'senior',
  exportEvidence: 'senior',
  reviewStrikes: 'senior',
  decideModerationGate: 'senior',
  /** Take a colleague's claim on a queue item over (audited), and read the leads' view. */
  takeOverClaim: 'senior',
  readTeamStats: 'senior',
  /** Allow a reviewer more tier-2/3 reveals once they reached REVEAL_DAILY_CAP (audited). */
  approveExposure: 'senior',
  manageUsers: 'admin',
  readAuditLog: 'admin',
  /** Import and delete hash lists of known images (their matches hard-gate outputs for everyone). */
  manageHashLists: 'admin',
  /** Work the "Hash match" queue: the workflows whose outputs matched a list. */
  readHashMatches: 'moderator',
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return roleAtLeast(role, PERMISSIONS[permission]);
}
