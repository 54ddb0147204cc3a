import 'server-only';
import { randomBytes, randomUUID } from 'node:crypto';
import { hashPassword } from 'better-auth/crypto';
import { and, asc, count, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { isRole, type Role } from '@/lib/auth/roles';
import { forgetCachedUser } from '@/lib/auth/session-cache';
import { assertRole, type SessionUser } from '@/lib/auth/session-user';
import { insertAudit, type AuditEventInput } from '@/lib/audit/audit';
import { db, type Database } from '@/lib/db/client';
import { account, session, user } from '@/lib/db/schema';
import { revealGrant } from '@/lib/db/schema-media';

/** Moderator accounts: invite (create with a one-time password), change role, disable. Admin only, audited. */

export type ConsoleUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: Date;
  activeSessions: number;
};

export type UserErrorKind = 'invalid_input' | 'conflict' | 'not_found' | 'last_admin';

export class UserError extends Error {
  constructor(
    readonly kind: UserErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** Who asks and from where, for the audit row: a signed-in admin, or null for the command line on the server. */
export type ChangeContext = { actor: SessionUser | null; ip?: string | null; requestId?: string | null };

export const PASSWORD_MIN_LENGTH = 12;
const PASSWORD_MAX_LENGTH = 128;

export const newUserSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email('must be an email address')).pipe(z.string().max(320)),
  name: z.string().trim().min(1, 'must not be empty').max(120).optional(),
  role: z.string().refine(isRole, 'must be viewer, moderator, senior or admin'),
  password: z.string().min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`).max(PASSWORD_MAX_LENGTH).optional(),
});
export type NewUser = z.input<typeof newUserSchema>;

/** A strong random password (144 bits), shown once to whoever creates the account. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

function requireAdmin(context: ChangeContext): void {
  // The command line (actor null) runs on the server with database access; anyone else must be an admin.
  if (context.actor) assertRole(context.actor, 'admin');
}

function audit(executor: Pick<Database, 'insert'>, context: ChangeContext, event: Omit<AuditEventInput, 'actor' | 'ip' | 'requestId'>) {
  return insertAudit(executor, { ...event, actor: context.actor, ip: context.ip ?? null, requestId: context.requestId ?? null });
}

export async function listUsers(viewer: SessionUser): Promise<ConsoleUser[]> {
  assertRole(viewer, 'admin');
  const database = await db();
  const [users, sessions] = await Promise.all([
    database.select().from(user).orderBy(asc(user.email)),
    database
      .select({ userId: session.userId, live: count() })
      .from(session)
      .where(gt(session.expiresAt, new Date()))
      .groupBy(session.userId),
  ]);
  const liveSessions = new Map(sessions.map((row) => [row.userId, row.live]));
  return users.map((row) => ({
    id: row.id,
    email: row.email,
    name: row.name,
    role: isRole(row.role) ? row.role : 'viewer',
    disabled: row.disabled,
    createdAt: row.createdAt,
    activeSessions: liveSessions.get(row.id) ?? 0,
  }));
}

/** Admin only: the display names of these users (the audit log's sentences name people, its rows keep ids). */
export async function userNames(viewer: SessionUser, userIds: readonly string[]): Promise<Map<string, string>> {
  assertRole(viewer, 'admin');
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return new Map();
  const rows = await (await db()).select({ id: user.id, name: user.name }).from(user).where(inArray(user.id, ids));
  return new Map(rows.map((row) => [row.id, row.name]));
}

/**
 * Creates an account with an email + password credential, or with `resetExisting` gives an existing one a new
 * password and role (demo seeding). Returns the password, which is stored only as a hash.
 */
export async function createUser(
  input: NewUser,
  context: ChangeContext,
  options: { resetExisting?: boolean; breakGlass?: boolean } = {},
): Promise<{ user: ConsoleUser; password: string }> {
  requireAdmin(context);
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError('invalid_input', `${String(issue.path[0] ?? 'input')} ${issue.message}`);
  }
  const { email, role } = parsed.data;
  const breakGlass = options.breakGlass ?? false;
  if (breakGlass && role !== 'admin') throw new UserError('invalid_input', 'a break-glass account must be an admin');
  const name = parsed.data.name ?? email.split('@')[0]!;
  const password = parsed.data.password ?? generatePassword();
  const passwordHash = await hashPassword(password);

  const database = await db();
  const created = await database.transaction(async (tx) => {
    const [existing] = await tx.select({ id: user.id }).from(user).where(eq(user.email, email));
    if (existing && !options.resetExisting) throw new UserError('conflict', `${email} already has an account.`);
    const id = existing?.id ?? randomUUID();
    if (existing) {
      await tx.update(user).set({ name, role, disabled: false, breakGlass, updatedAt: new Date() }).where(eq(user.id, id));
      await tx.delete(account).where(and(eq(account.userId, id), eq(account.providerId, 'credential')));
      await tx.delete(session).where(eq(session.userId, id));
    } else {
      await tx.insert(user).values({ id, email, name, role, breakGlass, emailVerified: true });
    }
    // better-auth's own credential layout: provider "credential", account id = user id, scrypt hash.
    await tx.insert(account).values({ id: randomUUID(), accountId: id, providerId: 'credential', userId: id, password: passwordHash });
    await audit(tx, context, { action: 'user_invite', targetType: 'user', targetId: id, detail: { email, role, reset: Boolean(existing), ...(breakGlass ? { breakGlass } : {}) } });
    const [stored] = await tx.select().from(user).where(eq(user.id, id));
    return { user: { ...stored!, role, activeSessions: 0 }, password };
  });
  // A reset ended the account's sessions.
  forgetCachedUser(created.user.id);
  return created;
}

async function findUser(tx: Pick<Database, 'select'>, userId: string) {
  const [found] = await tx.select().from(user).where(eq(user.id, userId));
  if (!found) throw new UserError('not_found', 'No such user.');
  return found;
}

/** An admin must always remain: refuse a change that would leave no enabled admin. */
async function assertAnotherAdmin(tx: Pick<Database, 'select'>, userId: string): Promise<void> {
  const [row] = await tx
    .select({ admins: count() })
    .from(user)
    .where(and(eq(user.role, 'admin'), eq(user.disabled, false), ne(user.id, userId)));
  if (!row?.admins) throw new UserError('last_admin', 'This is the last enabled admin: make someone else admin first.');
}

/**
 * Ends everything a user holds: their sessions and their reveal grants, rows in the shared database, so this console
 * instance refuses the next request at once and every other one within seconds, when its session cache expires (a
 * grant does not outlive the role that earned it). Runs inside the caller's transaction, with the change and its
 * audit row; the caller forgets the cached sessions after the commit.
 */
async function endAccess(tx: Pick<Database, 'delete'>, userId: string): Promise<{ sessionsEnded: number; grantsEnded: number }> {
  const sessions = await tx.delete(session).where(eq(session.userId, userId)).returning({ id: session.id });
  const grants = await tx.delete(revealGrant).where(eq(revealGrant.userId, userId)).returning({ id: revealGrant.id });
  return { sessionsEnded: sessions.length, grantsEnded: grants.length };
}

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/** Writes a new role, ends the user's sessions and grants, and audits it as `action`, inside the caller's transaction. */
async function writeRole(
  tx: Transaction,
  target: { id: string; email: string; role: string },
  role: Role,
  context: ChangeContext,
  event: { action: 'role_change' | 'sso_role_change'; detail?: Record<string, unknown> },
): Promise<void> {
  await tx.update(user).set({ role, updatedAt: new Date() }).where(eq(user.id, target.id));
  const ended = await endAccess(tx, target.id);
  await audit(tx, context, {
    action: event.action,
    targetType: 'user',
    targetId: target.id,
    detail: { email: target.email, from: target.role, to: role, ...ended, ...event.detail },
  });
}

/** A new role takes effect at once: the user's sessions and reveal grants end with the change. */
export async function changeRole(userId: string, role: Role, context: ChangeContext): Promise<void> {
  requireAdmin(context);
  if (!isRole(role)) throw new UserError('invalid_input', 'Unknown role.');
  const database = await db();
  await database.transaction(async (tx) => {
    // Lock the admins' rows so two admins demoting each other at once cannot both succeed.
    await tx.execute(sql`select ${user.id} from ${user} where ${user.role} = 'admin' for update`);
    const target = await findUser(tx, userId);
    if (target.role === role) return;
    if (target.role === 'admin') await assertAnotherAdmin(tx, userId);
    await writeRole(tx, target, role, context, { action: 'role_change' });
  });
  // After the commit: a read in this process from before it is not kept (./session-cache.ts).
  forgetCachedUser(userId);
}

/**
 * The role the identity provider's groups give, applied at an SSO sign-in before its session is made: a changed role
 * ends the user's other sessions and grants like an admin's change does. No last-admin guard: with SSO the IdP
 * decides, and the break-glass admin (never signed in through the IdP) stays. Returns the old role when it changed.
 */
export async function syncRoleFromIdp(userId: string, role: Role, groups: readonly string[], context: ChangeContext): Promise<Role | null> {
  const database = await db();
  const previous = await database.transaction(async (tx) => {
    const target = await findUser(tx, userId);
    if (target.role === role) return null;
    await writeRole(tx, target, role, context, { action: 'sso_role_change', detail: { groups } });
    return isRole(target.role) ? target.role : 'viewer';
  });
  if (previous) forgetCachedUser(userId);
  return previous;
}

/** What an SSO or password sign-in needs to know of an account before letting it in. */
export async function signInFacts(where: { id: string } | { email: string }): Promise<{ disabled: boolean; breakGlass: boolean } | null> {
  const [found] = await (await db())
    .select({ disabled: user.disabled, breakGlass: user.breakGlass })
    .from(user)
    .where('id' in where ? eq(user.id, where.id) : eq(user.email, where.email));
  return found ?? null;
}

/** Disabling also ends every session and reveal grant of that user at once; enabling lets them sign in again. */
export async function setDisabled(userId: string, disabled: boolean, context: ChangeContext): Promise<void> {
  requireAdmin(context);
  const database = await db();
  await database.transaction(async (tx) => {
    await tx.execute(sql`select ${user.id} from ${user} where ${user.role} = 'admin' for update`);
    const target = await findUser(tx, userId);
    if (target.disabled === disabled) return;
    if (disabled && target.role === 'admin') await assertAnotherAdmin(tx, userId);
    await tx.update(user).set({ disabled, updatedAt: new Date() }).where(eq(user.id, userId));
    const ended = disabled ? await endAccess(tx, userId) : null;
    await audit(tx, context, {
      action: disabled ? 'user_disable' : 'user_enable',
      targetType: 'user',
      targetId: userId,
      detail: { email: target.email, ...ended },
    });
  });
  forgetCachedUser(userId);
}
