import { sectionsFor } from '@/lib/auth/navigation';
import { can, roleAtLeast, type Permission, type Role } from '@/lib/auth/roles';
import { isBlobId, isJobId, isUserId, parseWorkflowId } from '@/lib/orchestrator/id-formats';
import { serializeWorkflowFilters } from '@/lib/workflows/filters';
import { QUEUE_PRESET_IDS, QUEUE_PRESETS } from '@/lib/review/queue';
import { shortId } from '@/lib/orchestrator/short-id';

/**
 * What the command palette (Ctrl-K) offers, as plain data: where a pasted id can go, the screens and actions of a
 * role, and the recent items. Zod-free (the id formats are plain patterns), because it runs in the browser.
 */

export type PaletteEntry = {
  /** Stable and unique within the palette (cmdk's item value). */
  key: string;
  label: string;
  /** A second line: what kind of thing this is, or why it is offered. */
  hint?: string;
} & ({ href: string } | { command: PaletteCommand });

/** Things the palette does in the page rather than by navigating. */
export type PaletteCommand = 'show-shortcuts';

const path = (...segments: string[]) => `/${segments.map(encodeURIComponent).join('/')}`;
const search = (filters: Parameters<typeof serializeWorkflowFilters>[1]) => serializeWorkflowFilters('/workflows', filters);

/**
 * Every place a typed or pasted value could mean, most specific first. An ambiguous value (digits are a user id and an
 * old decimal blob id; 64 hex digits are a 2024 job id and a v1 blob key) offers each kind. Empty when it means no id.
 */
export function idTargets(input: string, role: Role): PaletteEntry[] {
  const value = input.trim();
  if (!value) return [];
  const prefixed = /^(user|tag):(.+)$/i.exec(value);
  if (prefixed) {
    const [, prefix, rest] = prefixed;
    if (prefix!.toLowerCase() === 'tag') {
      return [{ key: `tag:${rest}`, label: `Workflows tagged ${rest}`, hint: 'Workflow search by tag', href: search({ tags: [rest!] }) }];
    }
    return isUserId(rest!)
      ? [{ key: `end-user:${rest}`, label: `Workflows of end user user:${rest}`, hint: "The integrator's user:<id> tag", href: search({ endUser: rest! }) }]
      : [];
  }

  const entries: PaletteEntry[] = [];
  const workflow = parseWorkflowId(value);
  if (workflow) {
    entries.push({ key: `workflow:${value}`, label: `Workflow ${value}`, hint: `Owned by Civitai user ${workflow.owner}`, href: path('workflows', value) });
  }
  if (isJobId(value)) entries.push({ key: `job:${value}`, label: `Job ${value}`, hint: 'Scan evidence of the job', href: path('jobs', value) });
  if (isUserId(value)) {
    entries.push({ key: `user:${value}`, label: `Civitai user ${value}`, hint: 'Risk overview of the user', href: path('users', value) });
  }
  if (isBlobId(value)) {
    // A blob id alone does not say which job made it: the upstream has no lookup. Offer the searches that can tell.
    if (can(role, 'readAuditLog')) {
      entries.push({
        key: `blob-audit:${value}`,
        label: `Blob ${shortId(value)} in the audit log`,
        hint: 'Its reveals name the workflow it belongs to',
        href: `/audit?${new URLSearchParams({ targetType: 'blob', targetId: value })}`,
      });
    }
    entries.push({
      key: `blob-search:${value}`,
      label: `Search workflows for blob ${shortId(value)}`,
      hint: 'The id alone does not say which workflow made it',
      href: search({ q: value }),
    });
  }
  return entries;
}

/** Plain text that is no id: a workflow search for it. */
export function textSearchEntry(input: string): PaletteEntry | null {
  const value = input.trim();
  return value ? { key: `search:${value}`, label: `Search workflows for “${value}”`, hint: 'Metadata text', href: search({ q: value }) } : null;
}

export function screenEntries(role: Role): PaletteEntry[] {
  return sectionsFor(role).map((section) => ({ key: `screen:${section.href}`, label: section.label, hint: 'Screen', href: section.href }));
}

const ACTIONS: readonly [Permission, PaletteEntry][] = [
  ['readWorkflows', { key: 'action:shortcuts', label: 'Show keyboard shortcuts', command: 'show-shortcuts' }],
  ['recordDecision', { key: 'action:queue', label: 'Work the triage queue', hint: 'Decide workflows one at a time', href: '/queue' }],
  ['revealGatedMedia', { key: 'action:wellness', label: 'Change blur and wellness settings', href: '/settings' }],
  ['manageUsers', { key: 'action:invite', label: 'Invite a user or change a role', href: '/admin/users' }],
  ['readAuditLog', { key: 'action:reveals', label: 'Review reveals in the audit log', href: '/audit?action=reveal' }],
];

/** The actions the role may take, then the queue presets it may work; the server checks again when one is used. */
export function actionEntries(role: Role): PaletteEntry[] {
  const presets = QUEUE_PRESET_IDS.filter((id) => roleAtLeast(role, QUEUE_PRESETS[id].minimumRole)).map(
    (id): PaletteEntry => ({ key: `queue:${id}`, label: `Queue: ${QUEUE_PRESETS[id].label}`, hint: 'Triage queue preset', href: `/queue?preset=${id}` }),
  );
  return [...ACTIONS.filter(([permission]) => can(role, permission)).map(([, entry]) => entry), ...presets];
}

/** A page worth coming back to, from its path: a workflow, a job or a user. Null for anything else. */
export function recentEntry(pathname: string): PaletteEntry | null {
  const match = /^\/(workflows|jobs|users)\/([^/?#]+)$/.exec(pathname);
  if (!match) return null;
  let id: string;
  try {
    id = decodeURIComponent(match[2]!);
  } catch {
    return null;
  }
  const [kind, valid] = {
    workflows: ['Workflow', parseWorkflowId(id) !== undefined],
    jobs: ['Job', isJobId(id)],
    users: ['Civitai user', isUserId(id)],
  }[match[1] as 'workflows' | 'jobs' | 'users'];
  return valid ? { key: `recent:${pathname}`, label: `${kind} ${id}`, hint: 'Recent', href: path(match[1]!, id) } : null;
}

export const RECENT_LIMIT = 8;

/** The recent paths with `pathname` first; only pages recentEntry recognises are kept (storage is never trusted). */
export function rememberPath(recent: readonly unknown[], pathname: string): string[] {
  const kept = recent.filter((entry): entry is string => typeof entry === 'string' && recentEntry(entry) !== null);
  if (!recentEntry(pathname)) return kept.slice(0, RECENT_LIMIT);
  return [pathname, ...kept.filter((entry) => entry !== pathname)].slice(0, RECENT_LIMIT);
}

/** Screens, actions and recent items whose label holds every typed word (any order, any case). */
export function matchesQuery(entry: PaletteEntry, input: string): boolean {
  const haystack = `${entry.label} ${entry.hint ?? ''}`.toLowerCase();
  return input
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}
