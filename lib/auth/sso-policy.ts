import { ROLES, type Role } from './roles';

/**
 * Who may come in through the company identity provider, and with which role: a pure reading of the verified ID
 * token's claims (lib/auth/sso.ts checks signature, issuer, audience, expiry and nonce before this sees them).
 * Plain TypeScript: the sign-in page shows the refusal messages.
 */

/** The better-auth provider id: the callback is `<BETTER_AUTH_URL>/api/auth/callback/sso`. */
export const SSO_PROVIDER_ID = 'sso';

export type SsoPolicy = {
  allowedDomains: readonly string[];
  /** The ID token claim that lists the user's groups (`groups` for Okta and Keycloak; Entra ID sends group ids). */
  groupsClaim: string;
  roleByGroup: Readonly<Record<string, Role>>;
};

/** Why a sign-in was refused: the first three by the IdP's claims, the last two by the console's own account. */
export const SSO_REFUSALS = {
  sso_no_email: 'Your company account sent no email address, so the console cannot tell who you are. Ask your identity provider admin to release the email claim.',
  sso_wrong_domain: 'Your company account’s email domain is not allowed to sign in to this console.',
  sso_no_group: 'Your company account is in no group, so the console cannot give you a role. Ask your identity provider admin to add you to a console group.',
  sso_account_disabled: 'Your console account is disabled. Ask a console admin to enable it.',
  sso_break_glass: 'This is the break-glass admin account: it signs in with its password only, never through the identity provider.',
} as const;
export type SsoRefusal = keyof typeof SSO_REFUSALS;

export type SsoVerdict =
  | { ok: true; email: string; role: Role; groups: string[] }
  | { ok: false; refusal: SsoRefusal; email: string | null; groups: string[] };

function groupsOf(claims: Record<string, unknown>, claim: string): string[] {
  const value = claims[claim];
  // Some providers send a lone group as a string rather than a one-element list.
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  return list.filter((group): group is string => typeof group === 'string' && group.length > 0).slice(0, 200);
}

/** The highest role any of the groups maps to; viewer when the user is in groups but none is mapped. */
export function roleForGroups(groups: readonly string[], roleByGroup: SsoPolicy['roleByGroup']): Role {
  const ranks = groups.flatMap((group) => (Object.hasOwn(roleByGroup, group) ? [ROLES.indexOf(roleByGroup[group]!)] : []));
  return ROLES[Math.max(0, ...ranks)]!;
}

/** Admits or refuses a verified identity: an allowed email domain and at least one group; the role from the groups. */
export function ssoVerdict(claims: Record<string, unknown>, policy: SsoPolicy): SsoVerdict {
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  const groups = groupsOf(claims, policy.groupsClaim);
  if (!email.includes('@')) return { ok: false, refusal: 'sso_no_email', email: null, groups };
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if (!policy.allowedDomains.includes(domain)) return { ok: false, refusal: 'sso_wrong_domain', email, groups };
  if (groups.length === 0) return { ok: false, refusal: 'sso_no_group', email, groups };
  return { ok: true, email, role: roleForGroups(groups, policy.roleByGroup), groups };
}

/**
 * What the sign-in page says for an `?error=` code the callback sent back: our refusals, better-auth's own codes for
 * a bad state, code or token, and one line for anything else. Never the `error_description` from the URL: anyone
 * can put text there.
 */
export function ssoErrorMessage(code: string): string {
  if (Object.hasOwn(SSO_REFUSALS, code)) return SSO_REFUSALS[code as SsoRefusal];
  if (code.startsWith('state_') || code === 'please_restart_the_process') {
    return 'This sign-in does not match one started in this browser (it expired, was already used, or came from another page). Start again.';
  }
  if (code === 'invalid_code') return 'The identity provider’s one-time code was refused (it expired or was already used). Start again.';
  if (code === 'unable_to_get_user_info' || code === 'issuer_mismatch' || code === 'nonce_binding_missing') {
    return 'The identity provider’s answer failed verification (signature, issuer, audience, expiry or nonce): nobody was signed in. Tell an admin if this keeps happening.';
  }
  if (code === 'access_denied') return 'The identity provider did not sign you in.';
  return 'Company sign-in failed: nobody was signed in. Start again; if it keeps failing, tell an admin.';
}
