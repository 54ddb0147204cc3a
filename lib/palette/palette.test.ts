import { describe, expect, it } from 'vitest';
import { actionEntries, idTargets, matchesQuery, recentEntry, rememberPath, screenEntries, textSearchEntry } from './palette';

const hrefs = (entries: ReturnType<typeof idTargets>) => entries.map((entry) => ('href' in entry ? entry.href : entry.command));

describe('idTargets', () => {
  it('sends a workflow id, a job id and a user id to their pages', () => {
    expect(hrefs(idTargets(' 8484131-20260121222126332 ', 'viewer'))).toEqual(['/workflows/8484131-20260121222126332']);
    expect(hrefs(idTargets('019be44b-181e-7a7e-ab1b-b58dc7610dca', 'viewer'))).toEqual(['/jobs/019be44b-181e-7a7e-ab1b-b58dc7610dca']);
  });

  it('offers every kind an ambiguous value could be', () => {
    expect(hrefs(idTargets('8484131', 'viewer'))).toEqual(['/users/8484131', '/workflows?q=8484131']);
    const hex = 'a'.repeat(64);
    expect(hrefs(idTargets(hex, 'admin'))).toEqual([`/jobs/${hex}`, `/audit?targetType=blob&targetId=${hex}`, `/workflows?q=${hex}`]);
  });

  it('offers searches for a blob id, the audit log only to admins', () => {
    const blob = 'JNFDW54JNTATNW42HACYCWSQP0.jpeg';
    expect(hrefs(idTargets(blob, 'moderator'))).toEqual([`/workflows?q=${blob}`]);
    expect(hrefs(idTargets(blob, 'admin'))[0]).toBe(`/audit?targetType=blob&targetId=${blob}`);
  });

  it('reads user:<id> as the end-user tag and tag:<t> as a tag search', () => {
    expect(hrefs(idTargets('user:42', 'viewer'))).toEqual(['/workflows?endUser=42']);
    expect(hrefs(idTargets('tag:gen', 'viewer'))).toEqual(['/workflows?tags=gen']);
    expect(idTargets('user:abc', 'viewer')).toEqual([]);
  });

  it('offers nothing for text that is no id, which becomes a text search', () => {
    expect(idTargets('cat pictures', 'viewer')).toEqual([]);
    expect(idTargets('../etc', 'viewer')).toEqual([]);
    expect(textSearchEntry('cat pictures')).toMatchObject({ href: '/workflows?q=cat+pictures' });
    expect(textSearchEntry('  ')).toBeNull();
  });
});

describe('screens and actions by role', () => {
  it('lists only what the role may open', () => {
    expect(screenEntries('viewer').map((entry) => entry.label)).not.toContain('Audit');
    expect(screenEntries('admin').map((entry) => entry.label)).toContain('Audit');
    expect(actionEntries('viewer').map((entry) => entry.key)).toEqual(['action:shortcuts']);
    expect(actionEntries('admin').map((entry) => entry.key)).toContain('action:invite');
  });

  it('offers the queue presets the role may work', () => {
    const presets = (role: 'moderator' | 'senior') => actionEntries(role).filter((entry) => entry.key.startsWith('queue:'));
    expect(presets('moderator').map((entry) => entry.key)).toEqual(['queue:unreviewed-csam', 'queue:hash-match']);
    expect(presets('senior')).toContainEqual(
      expect.objectContaining({ label: 'Queue: Pending moderation gates', href: '/queue?preset=pending-moderation-gates' }),
    );
  });

  it('matches every typed word in any order', () => {
    const [queue] = actionEntries('moderator').filter((entry) => entry.key === 'action:queue');
    expect(matchesQuery(queue!, 'queue triage')).toBe(true);
    expect(matchesQuery(queue!, 'audit')).toBe(false);
  });
});

describe('recent items', () => {
  it('recognises workflow, job and user pages only', () => {
    expect(recentEntry('/workflows/8484131-20260121222126332')).toMatchObject({ label: 'Workflow 8484131-20260121222126332' });
    expect(recentEntry('/users/8484131')).toMatchObject({ label: 'Civitai user 8484131' });
    expect(recentEntry('/workflows')).toBeNull();
    expect(recentEntry('/users/not-a-user')).toBeNull();
  });

  it('puts the latest first, without repeats, drops what storage should not hold and keeps eight', () => {
    const stored = ['/users/1', 'javascript:alert(1)', 42, '/users/2'];
    expect(rememberPath(stored, '/users/2')).toEqual(['/users/2', '/users/1']);
    expect(rememberPath(stored, '/status')).toEqual(['/users/1', '/users/2']);
    const many = Array.from({ length: 12 }, (_, index) => `/users/${index + 1}`);
    expect(rememberPath(many, '/users/99')).toHaveLength(8);
  });
});
