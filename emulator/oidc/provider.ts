import { generateKeyPairSync, randomBytes, sign, type JsonWebKey } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';

/**
 * A real OpenID provider for the tests and the demo: `oidc-provider` (a certified implementation) on 127.0.0.1 with
 * a few company accounts in different groups, its own login page, and one client, the console. Faults a test can
 * switch on make its token endpoint answer with an ID token signed by another key, or with the wrong issuer,
 * audience or expiry, so the console's checks meet the tokens they must refuse.
 */

export const OIDC_CLIENT = { clientId: 'review-console', clientSecret: 'review-console-test-secret' } as const;

/** The company's groups as the console maps them (SSO_ROLE_GROUPS). */
export const OIDC_ROLE_GROUPS = { 'trust-safety': 'moderator', 'ts-leads': 'senior', 'console-admins': 'admin' } as const;
export const OIDC_ALLOWED_DOMAIN = 'corp.test';

/** One password for every test account: this provider holds no real identity. */
export const OIDC_PASSWORD = 'correct-idp-password';

export type OidcAccount = { sub: string; email: string; name: string; groups: string[] };

/** The accounts every provider starts with; a test may change groups (`setGroups`) to see a role follow them. */
export const OIDC_ACCOUNTS = {
  moderator: { sub: 'u-1001', email: 'mona@corp.test', name: 'Mona Moderator', groups: ['all-staff', 'trust-safety'] },
  viewer: { sub: 'u-1002', email: 'victor@corp.test', name: 'Victor Viewer', groups: ['all-staff'] },
  senior: { sub: 'u-1006', email: 'sam@corp.test', name: 'Sam Senior', groups: ['all-staff', 'ts-leads'] },
  admin: { sub: 'u-1005', email: 'ada@corp.test', name: 'Ada Admin', groups: ['all-staff', 'console-admins'] },
  noGroup: { sub: 'u-1003', email: 'nora@corp.test', name: 'Nora Nogroup', groups: [] },
  otherDomain: { sub: 'u-1004', email: 'oscar@contractor.test', name: 'Oscar Outsider', groups: ['all-staff', 'trust-safety'] },
} as const satisfies Record<string, OidcAccount>;

export type IdTokenFault = 'foreign_key' | 'wrong_issuer' | 'wrong_audience' | 'expired';

export type RunningOidcProvider = {
  issuer: string;
  /** The console's SSO_* settings for this provider. */
  consoleEnv: Record<string, string>;
  /** The next token responses carry an ID token with this fault (null: honest tokens again). */
  setIdTokenFault(fault: IdTokenFault | null): void;
  setGroups(email: string, groups: string[]): void;
  close(): Promise<void>;
};

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

function loginPage(uid: string, clientName: string, error: string | null): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Corp ID – sign in</title>
<style>body{font-family:system-ui,sans-serif;background:#eef2f7;margin:0}main{max-width:22rem;margin:4rem auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002}
label{display:block;margin-top:1rem;font-size:.9rem}input{width:100%;box-sizing:border-box;padding:.5rem;margin-top:.25rem}button{margin-top:1.5rem;width:100%;padding:.6rem;background:#1d4ed8;color:#fff;border:0;border-radius:4px}
p.error{color:#b91c1c}</style></head><body><main><h1>Corp ID</h1><p>Sign in to continue to <strong>${escapeHtml(clientName)}</strong>.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login"><label for="email">Work email</label><input id="email" name="email" type="email" autocomplete="username" required autofocus>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in to Corp ID</button></form></main></body></html>`;
}

async function formBody(request: IncomingMessage): Promise<URLSearchParams> {
  let text = '';
  for await (const chunk of request) {
    text += chunk;
    if (text.length > 10_000) break;
  }
  return new URLSearchParams(text);
}

function signJwt(payload: Record<string, unknown>, header: Record<string, unknown>, privateKey: Parameters<typeof sign>[2]): string {
  const encode = (part: unknown) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const signingInput = `${encode(header)}.${encode(payload)}`;
  return `${signingInput}.${sign('sha256', Buffer.from(signingInput), privateKey).toString('base64url')}`;
}

/** The honest ID token, re-signed with one fault: what a forged, misdirected or stale token looks like. */
function faultyIdToken(idToken: string, fault: IdTokenFault, keys: { own: ReturnType<typeof rsaKey>; foreign: ReturnType<typeof rsaKey> }): string {
  const [headerPart, payloadPart] = idToken.split('.');
  const header = JSON.parse(Buffer.from(headerPart!, 'base64url').toString()) as Record<string, unknown>;
  const payload = JSON.parse(Buffer.from(payloadPart!, 'base64url').toString()) as Record<string, unknown>;
  const now = Math.floor(Date.now() / 1000);
  if (fault === 'foreign_key') return signJwt(payload, header, keys.foreign.privateKey);
  if (fault === 'wrong_issuer') return signJwt({ ...payload, iss: 'https://idp.attacker.invalid' }, header, keys.own.privateKey);
  if (fault === 'wrong_audience') return signJwt({ ...payload, aud: 'some-other-client' }, header, keys.own.privateKey);
  return signJwt({ ...payload, iat: now - 7_200, exp: now - 3_600 }, header, keys.own.privateKey);
}

function rsaKey(kid: string) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, jwk: { ...(privateKey.export({ format: 'jwk' }) as JsonWebKey), kid, alg: 'RS256', use: 'sig' } };
}

/**
 * Starts the provider on 127.0.0.1 (`port` 0: a free one). `consoleUrls` are the consoles allowed to use it (their
 * callback `<url>/api/auth/callback/sso` is the client's redirect URI).
 */
export async function startOidcProvider(options: { port?: number; consoleUrls: string[] }): Promise<RunningOidcProvider> {
  const accounts = new Map<string, OidcAccount>(Object.values(OIDC_ACCOUNTS).map((account) => [account.email, { ...account, groups: [...account.groups] }]));
  const bySub = (sub: string) => [...accounts.values()].find((account) => account.sub === sub);
  // The same kid on both keys: a forged token names the real key and must still fail its signature check.
  const keys = { own: rsaKey('corp-id-1'), foreign: rsaKey('corp-id-1') };
  let fault: IdTokenFault | null = null;

  const server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const configuration: Configuration = {
    clients: [
      {
        client_id: OIDC_CLIENT.clientId,
        client_secret: OIDC_CLIENT.clientSecret,
        client_name: 'Orchestration Review Console',
        redirect_uris: options.consoleUrls.map((url) => `${url}/api/auth/callback/sso`),
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [keys.own.jwk] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    scopes: ['openid', 'email', 'profile', 'groups'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    // The requested scopes' claims in the ID token itself, as company IdPs configure a groups claim.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const account = bySub(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: async () => ({ sub, email: account.email, email_verified: true, name: account.name, groups: [...account.groups] }),
      };
    },
    // The console is this company's own application: no consent screen, the requested scopes are granted.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { client, session, params } = ctx.oidc;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session?.grantIdFor(client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: client!.clientId, accountId: session!.accountId });
      grant.addOIDCScope(String(params?.scope ?? 'openid'));
      await grant.save();
      return grant;
    },
    ttl: { IdToken: 3_600, AccessToken: 600, AuthorizationCode: 60, Interaction: 600, Session: 3_600, Grant: 3_600 },
  };
  const provider = new Provider(issuer, configuration);

  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: string } | undefined;
    if (fault && ctx.path === '/token' && ctx.status === 200 && body?.id_token) {
      ctx.body = { ...body, id_token: faultyIdToken(body.id_token, fault, keys) };
    }
  });

  const oidcCallback = provider.callback();
  async function interaction(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    const details = await provider.interactionDetails(request, response);
    const client = await provider.Client.find(String(details.params.client_id));
    const clientName = client?.clientName ?? String(details.params.client_id);
    if (request.method === 'POST' && path.endsWith('/login')) {
      const form = await formBody(request);
      const account = accounts.get(String(form.get('email') ?? '').trim().toLowerCase());
      if (!account || form.get('password') !== OIDC_PASSWORD) {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginPage(details.uid, clientName, 'Wrong email or password.'));
        return;
      }
      await provider.interactionFinished(request, response, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginPage(details.uid, clientName, null));
  }

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', issuer).pathname;
    // A browser asks every site for its icon; this one has none to give.
    if (path === '/favicon.ico') return void response.writeHead(204).end();
    if (!path.startsWith('/interaction/')) return void oidcCallback(request, response);
    interaction(request, response, path).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(400, { 'content-type': 'text/plain' });
      response.end(`This sign-in cannot continue: ${error instanceof Error ? error.message : 'unknown error'}. Start again from the console.`);
    });
  });

  return {
    issuer,
    consoleEnv: {
      SSO_ISSUER: issuer,
      SSO_CLIENT_ID: OIDC_CLIENT.clientId,
      SSO_CLIENT_SECRET: OIDC_CLIENT.clientSecret,
      SSO_ALLOWED_DOMAINS: OIDC_ALLOWED_DOMAIN,
      SSO_SCOPES: 'openid email profile',
      SSO_ROLE_GROUPS: JSON.stringify(OIDC_ROLE_GROUPS),
    },
    setIdTokenFault(next) {
      fault = next;
    },
    setGroups(email, groups) {
      const account = accounts.get(email);
      if (!account) throw new Error(`no test account ${email}`);
      account.groups = [...groups];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
