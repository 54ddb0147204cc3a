import 'server-only';
import { APIError } from 'better-auth/api';
import { genericOAuth } from 'better-auth/plugins/generic-oauth';
import { insertAudit } from '@/lib/audit/audit';
import type { Database } from '@/lib/db/client';
import type { ConsoleEnv } from '@/lib/env-schema';
import type { Role } from './roles';
import { SSO_PROVIDER_ID, SSO_REFUSALS, ssoVerdict, type SsoPolicy, type SsoRefusal, type SsoVerdict } from './sso-policy';
import { signInFacts, syncRoleFromIdp } from './user-store';

/**
 * Company sign-in: OpenID Connect through better-auth's generic OAuth plugin. better-auth runs the protocol —
 * discovery, authorization code with PKCE, `state` bound to a cookie and used once, the ID token's signature (the
 * issuer's JWKS), issuer, audience, expiry and `nonce` — and this module decides who comes in: an allowed email
 * domain, at least one group, an account that is neither disabled nor the break-glass admin, and the role the groups
 * give, applied before the session is made. Every sign-in through the IdP, refused or not, is one audit row.
 */

export type SsoConfig = SsoPolicy & { issuer: string; clientId: string; clientSecret: string; scopes: readonly string[] };

/** The company sign-in settings, or null when SSO_ISSUER is unset (env-schema requires the rest with it). */
export function ssoConfigOf(config: ConsoleEnv): SsoConfig | null {
  if (!config.SSO_ISSUER || !config.SSO_CLIENT_ID || !config.SSO_CLIENT_SECRET || !config.SSO_ALLOWED_DOMAINS) return null;
  return {
    issuer: config.SSO_ISSUER,
    clientId: config.SSO_CLIENT_ID,
    clientSecret: config.SSO_CLIENT_SECRET,
    scopes: config.SSO_SCOPES.split(' '),
    allowedDomains: config.SSO_ALLOWED_DOMAINS,
    groupsClaim: config.SSO_GROUPS_CLAIM,
    roleByGroup: config.SSO_ROLE_GROUPS,
  };
}

/** The claims of an ID token better-auth has already verified (it calls getUserInfo only after that). */
function verifiedClaims(idToken: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** better-auth's generic OAuth plugin, for the one company IdP. */
export function ssoPlugin(config: SsoConfig) {
  return genericOAuth({
    config: [
      {
        providerId: SSO_PROVIDER_ID,
        discoveryUrl: `${config.issuer}/.well-known/openid-configuration`,
        // No provider without the issuer and JWKS to check ID tokens against (and so no nonce-less flow either).
        requireIdTokenVerification: true,
        clientId: config.clientId,
        clientSecret: config.clientSecret,
        scopes: [...config.scopes],
        pkce: true,
        // Who the user is comes from the verified ID token only: a token response without one is refused rather
        // than answered from the unbound userinfo endpoint.
        getUserInfo: async (tokens) => {
          if (!tokens.idToken) return null;
          const claims = verifiedClaims(tokens.idToken);
          const email = typeof claims.email === 'string' ? claims.email : undefined;
          return {
            ...claims,
            id: String(claims.sub),
            email,
            name: typeof claims.name === 'string' && claims.name ? claims.name : (email?.split('@')[0] ?? ''),
            emailVerified: claims.email_verified === true,
          };
        },
      },
    ],
  });
}

/** The parts of better-auth's endpoint and hook contexts this module reads. */
export type AuthCallContext = {
  context: object;
  path?: string;
  params?: Record<string, string | undefined>;
  headers?: Headers;
};

type CallbackState = { verdict: SsoVerdict; created: boolean; previousRole: Role | null };

/**
 * What one SSO callback decided, kept for the rest of that callback: validateUserInfo sees the claims, the user and
 * session hooks that follow it act on the verdict, the after hook audits it. Keyed by the request's auth context
 * (one object per request, shared by its endpoint and hooks), so it is dropped with the request.
 */
const callbacks = new WeakMap<object, CallbackState>();

export function isSsoCallback(ctx: AuthCallContext | null | undefined): boolean {
  return Boolean(ctx?.path?.startsWith('/callback/') && ctx.params?.id === SSO_PROVIDER_ID);
}

function refused(verdict: SsoVerdict, refusal: SsoRefusal): SsoVerdict {
  return { ok: false, refusal, email: verdict.email, groups: verdict.groups };
}

type RequestMeta = { ip: string | null; requestId: string | null };

/**
 * The company sign-in's rules as better-auth hooks. `requestMetaOf` reads the client address and request id the
 * console's auth route put on the request.
 */
export function ssoSignIn(database: Database, policy: SsoPolicy, requestMetaOf: (headers: Headers | undefined) => RequestMeta) {
  return {
    /** user.validateUserInfo: every identity the IdP sends, before an account is created, linked or signed in. */
    async validateIdentity(
      data: { user: Record<string, unknown>; source: { action: string; oauth?: { providerId: string; profile?: Record<string, unknown> } } },
      ctx: AuthCallContext,
    ): Promise<{ error: string; errorDescription: string } | undefined> {
      if (data.source.oauth?.providerId !== SSO_PROVIDER_ID) return undefined;
      let verdict = ssoVerdict(data.source.oauth.profile ?? {}, policy);
      const existingId = data.source.action === 'create-user' ? null : data.user.id;
      if (verdict.ok && typeof existingId === 'string') {
        const facts = await signInFacts({ id: existingId });
        if (facts?.disabled) verdict = refused(verdict, 'sso_account_disabled');
        else if (facts?.breakGlass) verdict = refused(verdict, 'sso_break_glass');
      }
      callbacks.set(ctx.context, { verdict, created: false, previousRole: null });
      return verdict.ok ? undefined : { error: verdict.refusal, errorDescription: SSO_REFUSALS[verdict.refusal] };
    },

    /** user.create.before: a just-in-time account starts with the role its groups give. */
    roleOfNewUser(ctx: AuthCallContext | null | undefined): { role: Role } | false | undefined {
      const state = ctx ? callbacks.get(ctx.context) : undefined;
      if (!state) return isSsoCallback(ctx) ? false : undefined;
      if (!state.verdict.ok) return false;
      state.created = true;
      return { role: state.verdict.role };
    },

    /**
     * session.create.before, after the disabled check: the groups' role for a returning user, written (and the user's
     * other sessions ended) before this session exists. A session on the SSO callback without a verdict is refused.
     */
    async admitSession(userId: string, ctx: AuthCallContext | null | undefined): Promise<boolean> {
      const state = ctx ? callbacks.get(ctx.context) : undefined;
      if (!state) return !isSsoCallback(ctx);
      if (!state.verdict.ok) return false;
      state.previousRole = await syncRoleFromIdp(userId, state.verdict.role, state.verdict.groups, { actor: null, ...requestMetaOf(ctx?.headers) });
      return true;
    },

    /** hooks.after on the SSO callback: one audit row, the sign-in or its refusal. */
    async auditCallback(ctx: AuthCallContext & { context: { newSession?: unknown; returned?: unknown } }): Promise<void> {
      const state = callbacks.get(ctx.context);
      const meta = requestMetaOf(ctx.headers);
      const created = ctx.context.newSession as { session: { id: string }; user: { id: string; email: string; name: string } } | null | undefined;
      if (created && state?.verdict.ok) {
        const { verdict } = state;
        await insertAudit(database, {
          actor: { id: created.user.id, email: created.user.email, name: created.user.name, role: verdict.role, sessionId: created.session.id },
          action: 'sso_sign_in',
          targetType: 'session',
          targetId: created.session.id,
          detail: { role: verdict.role, groups: verdict.groups, ...(state.created ? { created: true } : {}), ...(state.previousRole ? { previousRole: state.previousRole } : {}) },
          ...meta,
        });
        return;
      }
      const verdict = state?.verdict;
      await insertAudit(database, {
        actor: null,
        action: 'sso_sign_in_refused',
        targetType: 'user',
        targetId: verdict?.email ?? '(unknown)',
        detail: { reason: verdict && !verdict.ok ? verdict.refusal : (callbackErrorOf(ctx.context.returned) ?? 'unknown'), ...(verdict ? { groups: verdict.groups } : {}) },
        ...meta,
      });
    },
  };
}

/** The `error` code of the redirect better-auth answers a refused callback with (`…/sign-in?error=invalid_code`). */
function callbackErrorOf(returned: unknown): string | null {
  const headers = (returned as { headers?: Headers } | null)?.headers;
  const location = headers instanceof Headers ? headers.get('location') : null;
  if (!location) return null;
  return new URL(location, 'http://console.invalid').searchParams.get('error')?.slice(0, 100) ?? null;
}

/** /sign-in/social accepts only the redirect flow: an ID token posted by a client would skip state, PKCE and nonce. */
export function refuseDirectIdToken(body: unknown): void {
  if ((body as { idToken?: unknown } | undefined)?.idToken !== undefined) {
    throw new APIError('BAD_REQUEST', { code: 'ID_TOKEN_SIGN_IN_DISABLED', message: 'Sign in through the identity provider’s page; ID tokens are not accepted here.' });
  }
}
