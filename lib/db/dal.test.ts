import { readFileSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError, type SessionUser } from '@/lib/auth/session-user';
import { DATABASES, databaseAvailable, openTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '@/test/databases';
import { appendAudit, AuditError, exposureToday, exposureTodayByUser, queryAudit, streamAudit, viewedBy } from '@/lib/audit/audit';
import { db, openDatabase } from './client';
import { auditEvent, session } from './schema';
import { revealGrant } from './schema-media';
import { changeRole, createUser, listUsers, setDisabled, UserError, userNames } from '@/lib/auth/user-store';

const cli = { actor: null };

for (const name of DATABASES) {
  describe.skipIf(!databaseAvailable(name, 'DAL'))(`data access layer on ${name}`, () => {
    let database: TestDatabase;
    let admin: SessionUser;
    let moderator: SessionUser;
    let viewer: SessionUser;

    beforeAll(async () => {
      database = await openTestDatabase(name);
      const asSessionUser = async (email: string, role: SessionUser['role']): Promise<SessionUser> => {
        const { user } = await createUser({ email, role }, cli);
        return { id: user.id, email: user.email, name: user.name, role, sessionId: `session-of-${email}` };
      };
      admin = await asSessionUser('admin@example.test', 'admin');
      moderator = await asSessionUser('Mod@Example.test', 'moderator');
      viewer = await asSessionUser('viewer@example.test', 'viewer');
    });

    afterAll(async () => {
      await database?.dispose();
    });

    it('records each migration once, even when two console instances start on the same database together', async () => {
      const journal = JSON.parse(readFileSync('lib/db/migrations/meta/_journal.json', 'utf8')) as { entries: unknown[] };
      const applied = async () => {
        const result = await (await db()).execute(sql`select count(*)::int as n from __drizzle_migrations`);
        return (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows)[0];
      };
      expect(await applied()).toEqual({ n: journal.entries.length });
      if (database.schema) {
        const [second, third] = await Promise.all([
          openDatabase({ kind: 'postgres', url: TEST_DATABASE_URL!, schema: database.schema }),
          openDatabase({ kind: 'postgres', url: TEST_DATABASE_URL!, schema: database.schema }),
        ]);
        await Promise.all([second.close(), third.close()]);
        expect(await applied()).toEqual({ n: journal.entries.length });
      }
    });

    it('appends an event and hands back its id and time', async () => {
      const before = Date.now();
      const stored = await appendAudit({ actor: moderator, action: 'reveal', targetType: 'blob', targetId: 'blob-1', workflowId: 'wf-1', reason: 'checking a report', ip: '203.0.113.9', requestId: 'req-1' });
      expect(stored.id).toMatch(/^\d+$/);
      expect(stored.at.getTime()).toBeGreaterThanOrEqual(before - 5_000);
      const { events } = await queryAudit(admin, { targetId: 'blob-1' });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        id: stored.id,
        actorId: moderator.id,
        actorEmail: 'mod@example.test',
        actorRole: 'moderator',
        sessionId: moderator.sessionId,
        action: 'reveal',
        targetType: 'blob',
        workflowId: 'wf-1',
        reason: 'checking a report',
        ip: '203.0.113.9',
        requestId: 'req-1',
      });
    });

    it('refuses UPDATE, DELETE and TRUNCATE of audit rows in the database itself', async () => {
      await appendAudit({ actor: admin, action: 'export', targetType: 'workflow', targetId: 'wf-immutable' });
      const database = await db();
      await expect(database.update(auditEvent).set({ reason: 'rewritten' }).where(sql`${auditEvent.targetId} = 'wf-immutable'`)).rejects.toThrow();
      await expect(database.delete(auditEvent).where(sql`${auditEvent.targetId} = 'wf-immutable'`)).rejects.toThrow();
      await expect(database.execute(sql`truncate audit_event`)).rejects.toThrow();
      const { events } = await queryAudit(admin, { targetId: 'wf-immutable' });
      expect(events.map((event) => event.reason)).toEqual([null]);
    });

    it('rejects malformed events instead of storing part of them', async () => {
      await expect(appendAudit({ actor: moderator, action: 'decision', targetType: 'workflow', targetId: '' })).rejects.toMatchObject({ kind: 'invalid_input' });
      await expect(
        appendAudit({ actor: moderator, action: 'decision', targetType: 'workflow', targetId: 'wf', reason: 'x'.repeat(2_001) }),
      ).rejects.toBeInstanceOf(AuditError);
    });

    it('lets only admins read the log, and filters by moderator, action, target and time', async () => {
      await expect(queryAudit(moderator, {})).rejects.toBeInstanceOf(AuthError);
      await appendAudit({ actor: viewer, action: 'reveal_denied', targetType: 'blob', targetId: 'blob-filter' });
      await appendAudit({ actor: moderator, action: 'tag_add', targetType: 'workflow', targetId: 'wf-filter', detail: { tag: 'review:ok' } });

      const byEmail = await queryAudit(admin, { actor: 'MOD@example.TEST', action: 'tag_add' });
      expect(byEmail.events.map((event) => event.targetId)).toEqual(['wf-filter']);
      const byId = await queryAudit(admin, { actor: viewer.id });
      expect(byId.events.every((event) => event.actorId === viewer.id)).toBe(true);
      expect((await queryAudit(admin, { targetType: 'blob', targetId: 'blob-filter' })).events).toHaveLength(1);

      const future = new Date(Date.now() + 3_600_000);
      expect((await queryAudit(admin, { from: future })).events).toEqual([]);
      expect((await queryAudit(admin, { to: future, action: 'tag_add' })).events).toHaveLength(1);
    });

    it('pages newest first with a cursor and streams every row for the export', async () => {
      for (let index = 0; index < 7; index += 1) {
        await appendAudit({ actor: admin, action: 'export', targetType: 'workflow', targetId: `wf-page`, detail: { index } });
      }
      const first = await queryAudit(admin, { targetId: 'wf-page' }, { limit: 3 });
      expect(first.events.map((event) => event.detail?.index)).toEqual([6, 5, 4]);
      const second = await queryAudit(admin, { targetId: 'wf-page' }, { limit: 3, before: first.nextBefore! });
      expect(second.events.map((event) => event.detail?.index)).toEqual([3, 2, 1]);
      const last = await queryAudit(admin, { targetId: 'wf-page' }, { limit: 3, before: second.nextBefore! });
      expect(last).toMatchObject({ nextBefore: null });
      expect(last.events.map((event) => event.detail?.index)).toEqual([0]);
      await expect(queryAudit(admin, {}, { before: '1; drop table user' })).rejects.toMatchObject({ kind: 'invalid_input' });

      const streamed = [];
      for await (const event of streamAudit(admin, { targetId: 'wf-page' }, 2)) streamed.push(event.detail?.index);
      expect(streamed).toEqual([6, 5, 4, 3, 2, 1, 0]);
    });

    it('says who revealed a blob, and on its workflow who revealed anything in it', async () => {
      await appendAudit({ actor: moderator, action: 'reveal', targetType: 'blob', targetId: 'blob-seen', workflowId: 'wf-seen', reason: 'report 17' });
      await appendAudit({ actor: admin, action: 'reveal', targetType: 'workflow', targetId: 'wf-seen' });
      await appendAudit({ actor: moderator, action: 'media_download', targetType: 'blob', targetId: 'blob-seen', workflowId: 'wf-seen' });

      const onBlob = await viewedBy(moderator, 'blob', 'blob-seen');
      expect(onBlob).toEqual([expect.objectContaining({ actorId: moderator.id, actorName: 'mod', reason: 'report 17', targetId: 'blob-seen' })]);
      const onWorkflow = await viewedBy(moderator, 'workflow', 'wf-seen');
      expect(onWorkflow.map((reveal) => reveal.actorId)).toEqual([admin.id, moderator.id]);
      await expect(viewedBy(viewer, 'blob', 'blob-seen')).rejects.toMatchObject({ kind: 'forbidden' });
    });

    it('counts distinct items a moderator revealed today, for that moderator and admins only', async () => {
      const counter = await createUser({ email: 'counter@example.test', role: 'moderator' }, cli);
      const me: SessionUser = { ...counter.user, role: 'moderator', sessionId: 's-counter' };
      for (const blob of ['b1', 'b2', 'b1', 'b3']) await appendAudit({ actor: me, action: 'reveal', targetType: 'blob', targetId: blob });
      await appendAudit({ actor: me, action: 'reveal_denied', targetType: 'blob', targetId: 'b4' });

      expect(await exposureToday(me, me.id)).toBe(3);
      expect(await exposureToday(admin, me.id)).toBe(3);
      expect((await exposureTodayByUser(admin)).get(me.id)).toBe(3);
      await expect(exposureToday(moderator, me.id)).rejects.toMatchObject({ kind: 'forbidden' });
      // Tomorrow (UTC) starts again from zero.
      const tomorrow = new Date(Date.now() + 86_400_000);
      expect(await exposureToday(me, me.id, tomorrow)).toBe(0);
    });

    it('invites users with a one-time password, and refuses duplicates and non-admins', async () => {
      const invited = await createUser({ email: ' New.Person@Example.test ', role: 'senior' }, { actor: admin, ip: '198.51.100.4' });
      expect(invited.password.length).toBeGreaterThanOrEqual(20);
      expect(invited.user).toMatchObject({ email: 'new.person@example.test', role: 'senior', disabled: false });
      await expect(createUser({ email: 'new.person@example.test', role: 'viewer' }, { actor: admin })).rejects.toMatchObject({ kind: 'conflict' });
      await expect(createUser({ email: 'x@example.test', role: 'viewer' }, { actor: moderator })).rejects.toBeInstanceOf(AuthError);
      await expect(createUser({ email: 'not-an-email', role: 'viewer' }, { actor: admin })).rejects.toBeInstanceOf(UserError);
      await expect(createUser({ email: 'y@example.test', role: 'root' }, { actor: admin })).rejects.toMatchObject({ kind: 'invalid_input' });
      await expect(createUser({ email: 'z@example.test', role: 'viewer', password: 'short' }, { actor: admin })).rejects.toMatchObject({ kind: 'invalid_input' });

      const { events } = await queryAudit(admin, { action: 'user_invite', targetId: invited.user.id });
      expect(events[0]).toMatchObject({ actorId: admin.id, ip: '198.51.100.4', detail: { email: 'new.person@example.test', role: 'senior', reset: false } });
      expect((await listUsers(admin)).map((user) => user.email)).toContain('new.person@example.test');
      await expect(listUsers(moderator)).rejects.toBeInstanceOf(AuthError);
      expect(await userNames(admin, [invited.user.id, invited.user.id, 'no-such-user'])).toEqual(new Map([[invited.user.id, 'new.person']]));
      await expect(userNames(moderator, [invited.user.id])).rejects.toBeInstanceOf(AuthError);
    });

    it('changes roles with an audit row and never leaves the console without an admin', async () => {
      const target = await createUser({ email: 'promote@example.test', role: 'viewer' }, cli);
      await changeRole(target.user.id, 'moderator', { actor: admin });
      const { events } = await queryAudit(admin, { action: 'role_change', targetId: target.user.id });
      expect(events[0]?.detail).toEqual({ email: 'promote@example.test', from: 'viewer', to: 'moderator', sessionsEnded: 0, grantsEnded: 0 });
      await expect(changeRole(target.user.id, 'admin', { actor: moderator })).rejects.toMatchObject({ kind: 'forbidden' });

      await expect(changeRole(admin.id, 'viewer', { actor: admin })).rejects.toMatchObject({ kind: 'last_admin' });
      await expect(setDisabled(admin.id, true, { actor: admin })).rejects.toMatchObject({ kind: 'last_admin' });
      await expect(changeRole('no-such-user', 'viewer', { actor: admin })).rejects.toMatchObject({ kind: 'not_found' });
    });

    it('a role change ends the user’s sessions and reveal grants in the same transaction, audited', async () => {
      const target = await createUser({ email: 'demoted@example.test', role: 'senior' }, cli);
      const database = await db();
      const expiresAt = new Date(Date.now() + 3_600_000);
      await database.insert(session).values([{ id: 'demoted-1', token: 'demoted-token-1', userId: target.user.id, expiresAt }]);
      await database.insert(revealGrant).values([
        { userId: target.user.id, sessionId: 'demoted-1', blobId: 'JNFDW54JNTATNW42HACYCWSQP0.jpeg', tier: 3, auditEventId: 1, expiresAt },
        { userId: 'someone-else', sessionId: 'other-1', blobId: 'JNFDW54JNTATNW42HACYCWSQP0.jpeg', tier: 3, auditEventId: 1, expiresAt },
      ]);
      await changeRole(target.user.id, 'viewer', { actor: admin });
      expect(await database.select().from(session).where(eq(session.userId, target.user.id))).toEqual([]);
      expect(await database.select().from(revealGrant).where(eq(revealGrant.userId, target.user.id))).toEqual([]);
      expect(await database.select().from(revealGrant).where(eq(revealGrant.userId, 'someone-else'))).toHaveLength(1);
      const { events } = await queryAudit(admin, { action: 'role_change', targetId: target.user.id });
      expect(events[0]?.detail).toMatchObject({ from: 'senior', to: 'viewer', sessionsEnded: 1, grantsEnded: 1 });
    });

    it('disabling a user ends all their sessions at once, and enabling lets them back', async () => {
      const target = await createUser({ email: 'leaver@example.test', role: 'moderator' }, cli);
      const database = await db();
      const expiresAt = new Date(Date.now() + 3_600_000);
      await database.insert(session).values([
        { id: 'leaver-1', token: 'leaver-token-1', userId: target.user.id, expiresAt },
        { id: 'leaver-2', token: 'leaver-token-2', userId: target.user.id, expiresAt },
      ]);
      const before = (await listUsers(admin)).find((user) => user.id === target.user.id);
      expect(before).toMatchObject({ disabled: false, activeSessions: 2 });
      await setDisabled(target.user.id, true, { actor: admin });
      const left = await database.select().from(session).where(sql`${session.userId} = ${target.user.id}`);
      expect(left).toEqual([]);
      const [row] = (await listUsers(admin)).filter((user) => user.id === target.user.id);
      expect(row).toMatchObject({ disabled: true, activeSessions: 0 });
      const { events } = await queryAudit(admin, { targetId: target.user.id, action: 'user_disable' });
      expect(events[0]?.detail).toMatchObject({ sessionsEnded: 2 });

      await setDisabled(target.user.id, false, { actor: admin });
      expect((await queryAudit(admin, { targetId: target.user.id, action: 'user_enable' })).events).toHaveLength(1);
    });

    it('keeps one reviewer’s events in the order they were written', async () => {
      const count = 300;
      const started = performance.now();
      for (let seq = 0; seq < count; seq += 1) {
        await appendAudit({ actor: moderator, action: 'decision', targetType: 'workflow', targetId: 'wf-order', detail: { seq } });
      }
      const seconds = (performance.now() - started) / 1000;
      console.info(`audit insert on ${name}, one writer: ${Math.round(count / seconds)} rows/s (${((seconds * 1000) / count).toFixed(2)} ms each)`);
      const seqs = [];
      for await (const event of streamAudit(admin, { targetId: 'wf-order' })) seqs.push(event.detail?.seq);
      expect(seqs.reverse()).toEqual(Array.from({ length: count }, (_, seq) => seq));
    });

    it('fails closed with a kind when the database is gone', async () => {
      await database.handle.close();
      await expect(appendAudit({ actor: moderator, action: 'reveal', targetType: 'blob', targetId: 'after-close' })).rejects.toMatchObject({
        kind: 'audit_unavailable',
      });
    });
  });
}
