import { roleAtLeast, type Role } from './roles';

/** The console's sections in the header, each with the smallest role that may open it. */
export const CONSOLE_SECTIONS: readonly { href: string; label: string; minimum: Role }[] = [
  { href: '/', label: 'Overview', minimum: 'viewer' },
  { href: '/workflows', label: 'Workflows', minimum: 'viewer' },
  { href: '/queue', label: 'Queue', minimum: 'moderator' },
  { href: '/team', label: 'Team', minimum: 'senior' },
  { href: '/status', label: 'Status', minimum: 'viewer' },
  { href: '/settings', label: 'Wellness', minimum: 'viewer' },
  { href: '/audit', label: 'Audit', minimum: 'admin' },
  { href: '/admin/users', label: 'Users', minimum: 'admin' },
  { href: '/admin/hash-lists', label: 'Hash lists', minimum: 'admin' },
];

export function sectionsFor(role: Role): { href: string; label: string }[] {
  return CONSOLE_SECTIONS.filter((section) => roleAtLeast(role, section.minimum)).map(({ href, label }) => ({ href, label }));
}

/**
 * The smallest role for a console path, from its section (longest matching prefix); viewer elsewhere. The
 * signed-in layout checks it before anything streams, so a too-low role gets a real HTTP 403; pages check again.
 */
export function minimumRoleForPath(path: string): Role {
  const pathname = path.split(/[?#]/)[0] ?? '/';
  const matches = CONSOLE_SECTIONS.filter((section) => pathname === section.href || pathname.startsWith(`${section.href}/`));
  const best = matches.sort((a, b) => b.href.length - a.href.length)[0];
  return best?.minimum ?? 'viewer';
}
