import { describe, expect, it } from 'vitest';
import { can, isRole, PERMISSIONS, roleAtLeast, ROLES, type Permission } from './roles';
import { assertRole, AuthError, type SessionUser } from './session-user';

const as = (role: SessionUser['role']): SessionUser => ({ id: 'u', email: 'u@example.test', name: 'U', role, sessionId: 's' });

describe('roles', () => {
  it('are ordered viewer < moderator < senior < admin, each including the ones before', () => {
    expect(ROLES).toEqual(['viewer', 'moderator', 'senior', 'admin']);
    expect(roleAtLeast('admin', 'senior')).toBe(true);
    expect(roleAtLeast('senior', 'senior')).toBe(true);
    expect(roleAtLeast('moderator', 'senior')).toBe(false);
    expect(roleAtLeast('viewer', 'moderator')).toBe(false);
  });

  it('grant what the issue says to each role', () => {
    const allowed = (permission: Permission) => ROLES.filter((role) => can(role, permission));
    expect(allowed('readScores')).toEqual(['viewer', 'moderator', 'senior', 'admin']);
    expect(allowed('revealGatedMedia')).toEqual(['moderator', 'senior', 'admin']);
    expect(allowed('recordDecision')).toEqual(['moderator', 'senior', 'admin']);
    expect(allowed('tagWorkflow')).toEqual(['moderator', 'senior', 'admin']);
    expect(allowed('revealHardGatedMedia')).toEqual(['senior', 'admin']);
    expect(allowed('cancelWorkflow')).toEqual(['senior', 'admin']);
    expect(allowed('manageUsers')).toEqual(['admin']);
    expect(allowed('readAuditLog')).toEqual(['admin']);
    expect(Object.values(PERMISSIONS).every(isRole)).toBe(true);
  });

  it('recognise only the four role names', () => {
    expect(ROLES.every(isRole)).toBe(true);
    for (const value of ['Admin', 'root', '', null, undefined, 3, ['admin']]) expect(isRole(value)).toBe(false);
  });

  it('assertRole passes the user through, or throws unauthenticated / forbidden', () => {
    expect(assertRole(as('senior'), 'moderator').role).toBe('senior');
    expect(() => assertRole(null, 'viewer')).toThrow(expect.objectContaining({ kind: 'unauthenticated' }));
    expect(() => assertRole(as('moderator'), 'admin')).toThrow(AuthError);
    expect(() => assertRole(as('moderator'), 'admin')).toThrow('This needs the admin role; you are moderator.');
  });
});
