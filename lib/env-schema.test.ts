import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from './env-schema';

describe('parseEnv', () => {
  it('accepts a good upstream URL and strips the trailing slash', () => {
    const env = parseEnv({ CIVITAI_API_URL: 'https://orchestration.civitai.com/', CIVITAI_API_TOKEN: 'token-123456' });
    expect(env.CIVITAI_API_URL).toBe('https://orchestration.civitai.com');
    expect(env.CSAM_ABOVE_THRESHOLD).toBe(50);
  });

  it('rejects a bad URL with one line naming the variable', () => {
    expect(() => parseEnv({ CIVITAI_API_URL: 'not a url' })).toThrowError(EnvError);
    expect(() => parseEnv({ CIVITAI_API_URL: 'ftp://example.com' })).toThrowError(/^Invalid configuration: CIVITAI_API_URL /);
  });

  it('rejects thresholds in the wrong order', () => {
    expect(() => parseEnv({ CSAM_NEAR_THRESHOLD: '60', CSAM_ABOVE_THRESHOLD: '40' })).toThrowError(/CSAM_NEAR_THRESHOLD/);
  });

  it('rejects a non-postgres DATABASE_URL and a short token', () => {
    expect(() => parseEnv({ DATABASE_URL: 'mysql://x' })).toThrowError(/DATABASE_URL/);
    expect(() => parseEnv({ CIVITAI_API_TOKEN: 'abc' })).toThrowError(/CIVITAI_API_TOKEN/);
  });

  it('demands a real session secret in production', () => {
    expect(() => parseEnv({ NODE_ENV: 'production' })).toThrowError(/BETTER_AUTH_SECRET/);
    expect(parseEnv({ NODE_ENV: 'production', BETTER_AUTH_SECRET: 'x'.repeat(40) }).NODE_ENV).toBe('production');
  });

  it('reads the risk index and hash match settings, and refuses a retention shorter than the backfill', () => {
    expect(parseEnv({})).toMatchObject({ INDEX_ENABLED: true, INDEX_BACKFILL_DAYS: 7, INDEX_POLL_SECONDS: 5, INDEX_RETENTION_DAYS: 30 });
    expect(parseEnv({ INDEX_ENABLED: 'false' }).INDEX_ENABLED).toBe(false);
    expect(() => parseEnv({ INDEX_ENABLED: 'no' })).toThrowError(/INDEX_ENABLED/);
    expect(() => parseEnv({ INDEX_BACKFILL_DAYS: '40' })).toThrowError(/INDEX_RETENTION_DAYS/);
    expect(() => parseEnv({ ORCHESTRATOR_WEBHOOK_SECRET: 'short' })).toThrowError(/ORCHESTRATOR_WEBHOOK_SECRET/);
    expect(parseEnv({}).HASH_MATCH_MAX_DISTANCE).toBe(31);
    expect(parseEnv({ HASH_MATCH_MAX_DISTANCE: '12' }).HASH_MATCH_MAX_DISTANCE).toBe(12);
    expect(() => parseEnv({ HASH_MATCH_MAX_DISTANCE: '64' })).toThrowError(/HASH_MATCH_MAX_DISTANCE must be 0-47/);
  });
  it('reads the company sign-in settings and stops on a wrong one with one line naming it', () => {
    const sso = {
      SSO_ISSUER: 'https://id.corp.example/',
      SSO_CLIENT_ID: 'console',
      SSO_CLIENT_SECRET: 'a-client-secret',
      SSO_ALLOWED_DOMAINS: 'Corp.example, corp-eu.example',
      SSO_ROLE_GROUPS: '{"trust-safety":"moderator","console-admins":"admin"}',
    };
    expect(parseEnv(sso)).toMatchObject({
      SSO_ISSUER: 'https://id.corp.example',
      SSO_ALLOWED_DOMAINS: ['corp.example', 'corp-eu.example'],
      SSO_GROUPS_CLAIM: 'groups',
      SSO_SCOPES: 'openid email profile',
      SSO_ROLE_GROUPS: { 'trust-safety': 'moderator', 'console-admins': 'admin' },
      SSO_ONLY: false,
    });
    expect(parseEnv({}).SSO_ROLE_GROUPS).toEqual({});
    expect(() => parseEnv({ ...sso, SSO_CLIENT_SECRET: undefined })).toThrowError('Invalid configuration: SSO_CLIENT_SECRET must be set when SSO_ISSUER is set');
    expect(() => parseEnv({ ...sso, SSO_ALLOWED_DOMAINS: '@corp.example' })).toThrowError(/SSO_ALLOWED_DOMAINS must be a comma-separated list of domains/);
    expect(() => parseEnv({ ...sso, SSO_ROLE_GROUPS: '{"trust-safety":"root"}' })).toThrowError(/SSO_ROLE_GROUPS maps groups to viewer, moderator, senior or admin/);
    expect(() => parseEnv({ ...sso, SSO_ROLE_GROUPS: 'trust-safety=moderator' })).toThrowError(/SSO_ROLE_GROUPS must be JSON/);
    expect(() => parseEnv({ ...sso, SSO_ONLY: 'yes' })).toThrowError(/SSO_ONLY must be true or false/);
    expect(() => parseEnv({ SSO_ONLY: 'true' })).toThrowError('Invalid configuration: SSO_ONLY needs SSO_ISSUER (and its client) to be set');
    const production = { NODE_ENV: 'production', BETTER_AUTH_SECRET: 'x'.repeat(40) };
    expect(() => parseEnv({ ...production, ...sso, SSO_ISSUER: 'http://id.corp.example' })).toThrowError(/SSO_ISSUER must be an https URL in production/);
    expect(parseEnv({ ...production, ...sso, SSO_ISSUER: 'http://127.0.0.1:4030' }).SSO_ISSUER).toBe('http://127.0.0.1:4030');
  });
});
