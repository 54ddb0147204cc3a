import { describe, expect, it } from 'vitest';
import { minimumRoleForPath, sectionsFor } from './navigation';

describe('console sections', () => {
  it('shows a viewer the reading sections only, and an admin all of them', () => {
    expect(sectionsFor('viewer').map((section) => section.href)).toEqual(['/', '/workflows', '/status', '/settings']);
    expect(sectionsFor('moderator').map((section) => section.href)).toEqual(['/', '/workflows', '/queue', '/status', '/settings']);
    expect(sectionsFor('senior').map((section) => section.href)).toEqual(['/', '/workflows', '/queue', '/team', '/status', '/settings']);
    expect(sectionsFor('admin').map((section) => section.href)).toEqual([
      '/',
      '/workflows',
      '/queue',
      '/team',
      '/status',
      '/settings',
      '/audit',
      '/admin/users',
      '/admin/hash-lists',
    ]);
  });

  it('knows the role a path needs, by section prefix and not by substring', () => {
    expect(minimumRoleForPath('/team?window=7d')).toBe('senior');
    expect(minimumRoleForPath('/audit')).toBe('admin');
    expect(minimumRoleForPath('/audit?action=reveal')).toBe('admin');
    expect(minimumRoleForPath('/admin/users/123')).toBe('admin');
    expect(minimumRoleForPath('/auditors')).toBe('viewer');
    expect(minimumRoleForPath('/workflows/abc')).toBe('viewer');
    expect(minimumRoleForPath('/')).toBe('viewer');
    expect(minimumRoleForPath('/queue')).toBe('moderator');
  });
});
