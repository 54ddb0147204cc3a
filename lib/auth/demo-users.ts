import { ROLES, type Role } from './roles';

/**
 * One demo account per role. `npm run demo` gives them random passwords kept in .data/ (`--reset` makes new ones) and prints them; the end-to-end
 * server (scripts/serve.ts --e2e) gives them the fixed passwords below, which Playwright tests sign in with.
 * Never seeded when NODE_ENV=production.
 */
export const DEMO_USERS: Readonly<Record<Role, { email: string; name: string }>> = {
  viewer: { email: 'viewer@demo.invalid', name: 'Vera Viewer' },
  moderator: { email: 'moderator@demo.invalid', name: 'Mo Moderator' },
  senior: { email: 'senior@demo.invalid', name: 'Sam Senior' },
  admin: { email: 'admin@demo.invalid', name: 'Ada Admin' },
};

/** The end-to-end credentials: known to the tests, valid only on the throwaway e2e database. */
export const E2E_CREDENTIALS: Readonly<Record<Role, { email: string; name: string; password: string }>> = Object.fromEntries(
  ROLES.map((role) => [role, { ...DEMO_USERS[role], password: `e2e-${role}-password-not-a-secret` }]),
) as Record<Role, { email: string; name: string; password: string }>;
