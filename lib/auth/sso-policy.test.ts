import { describe, expect, it } from 'vitest';
import { roleForGroups, SSO_REFUSALS, ssoErrorMessage, ssoVerdict, type SsoPolicy } from './sso-policy';

const policy: SsoPolicy = {
  allowedDomains: ['corp.test', 'corp-eu.test'],
  groupsClaim: 'groups',
  roleByGroup: { 'trust-safety': 'moderator', 'ts-leads': 'senior', 'console-admins': 'admin' },
};

describe('ssoVerdict', () => {
  it('gives the highest role any group maps to, and viewer to groups that map to none', () => {
    expect(ssoVerdict({ email: 'Mona@Corp.test', groups: ['all-staff', 'ts-leads', 'trust-safety'] }, policy)).toEqual({
      ok: true,
      email: 'mona@corp.test',
      role: 'senior',
      groups: ['all-staff', 'ts-leads', 'trust-safety'],
    });
    expect(ssoVerdict({ email: 'v@corp-eu.test', groups: ['all-staff'] }, policy)).toMatchObject({ ok: true, role: 'viewer' });
    expect(ssoVerdict({ email: 'a@corp.test', groups: 'console-admins' }, policy)).toMatchObject({ ok: true, role: 'admin', groups: ['console-admins'] });
  });

  it('reads the groups from the configured claim only', () => {
    const entra = { ...policy, groupsClaim: 'roles' };
    expect(ssoVerdict({ email: 'a@corp.test', roles: ['trust-safety'], groups: ['console-admins'] }, entra)).toMatchObject({ role: 'moderator' });
  });

  it('refuses another email domain (a look-alike subdomain too), a missing email, and no group', () => {
    expect(ssoVerdict({ email: 'o@contractor.test', groups: ['trust-safety'] }, policy)).toMatchObject({ ok: false, refusal: 'sso_wrong_domain', email: 'o@contractor.test' });
    expect(ssoVerdict({ email: 'o@evil.corp.test', groups: ['trust-safety'] }, policy)).toMatchObject({ ok: false, refusal: 'sso_wrong_domain' });
    expect(ssoVerdict({ groups: ['trust-safety'] }, policy)).toMatchObject({ ok: false, refusal: 'sso_no_email', email: null });
    expect(ssoVerdict({ email: 'n@corp.test', groups: [] }, policy)).toMatchObject({ ok: false, refusal: 'sso_no_group' });
    expect(ssoVerdict({ email: 'n@corp.test' }, policy)).toMatchObject({ ok: false, refusal: 'sso_no_group' });
    expect(ssoVerdict({ email: 'n@corp.test', groups: [42, null] }, policy)).toMatchObject({ ok: false, refusal: 'sso_no_group' });
  });

  it('ignores inherited object keys as group names', () => {
    expect(roleForGroups(['constructor', 'toString'], policy.roleByGroup)).toBe('viewer');
  });
});

describe('ssoErrorMessage', () => {
  it('explains our refusals and better-auth’s codes, and never echoes an unknown code', () => {
    expect(ssoErrorMessage('sso_wrong_domain')).toBe(SSO_REFUSALS.sso_wrong_domain);
    expect(ssoErrorMessage('state_mismatch')).toMatch(/does not match one started in this browser/);
    expect(ssoErrorMessage('invalid_code')).toMatch(/one-time code was refused/);
    expect(ssoErrorMessage('unable_to_get_user_info')).toMatch(/failed verification/);
    expect(ssoErrorMessage('<script>call 555</script>')).toBe('Company sign-in failed: nobody was signed in. Start again; if it keeps failing, tell an admin.');
    expect(ssoErrorMessage('constructor')).toMatch(/^Company sign-in failed/);
  });
});
