import {
  createLoader,
  createSerializer,
  parseAsBoolean,
  parseAsNativeArrayOf,
  parseAsString,
  parseAsStringLiteral,
  type inferParserType,
} from 'nuqs/server';
import { WORKFLOW_STATUSES } from '@/lib/orchestrator/vocabulary';

/**
 * The workflows screen's filters: one definition for the URL (nuqs, on the server page and in the browser), the query
 * key and the /api/workflows parameters. The URL parameter names are the API's, so a shared link is also the API call.
 */

export const WORKFLOW_ORDERS = ['newest', 'oldest'] as const;
export type WorkflowOrder = (typeof WORKFLOW_ORDERS)[number];

/** `minRisk`: near = near or above (an unreadable score counts: it is never safe). Answered from the risk index. */
export const MIN_RISKS = ['near', 'above'] as const;
export type MinRisk = (typeof MIN_RISKS)[number];
/** `sort=risk`: worst first, then newest. Answered from the risk index. */
export const WORKFLOW_SORTS = ['risk'] as const;

/** Statuses a moderator can filter on exactly (contract §3.6); the upstream cannot, so the console pages for them. */
export const STATUS_FILTERS = WORKFLOW_STATUSES;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export const workflowFilterParsers = {
  /** Civitai user id: the workflow id's owner prefix, listed through the manager endpoint. */
  userId: parseAsString.withDefault(''),
  /** An integrator's end user: the tag `user:<id>`, built on the server. */
  endUser: parseAsString.withDefault(''),
  /** Every tag must be present (AND). Repeated keys, so a tag may hold any character. */
  tags: parseAsNativeArrayOf(parseAsString),
  /** Metadata text. */
  q: parseAsString.withDefault(''),
  /** UTC; a date alone (YYYY-MM-DD) means that whole day. */
  from: parseAsString.withDefault(''),
  to: parseAsString.withDefault(''),
  status: parseAsStringLiteral(STATUS_FILTERS),
  excludeFailed: parseAsBoolean.withDefault(false),
  order: parseAsStringLiteral(WORKFLOW_ORDERS).withDefault('newest'),
  minRisk: parseAsStringLiteral(MIN_RISKS),
  sort: parseAsStringLiteral(WORKFLOW_SORTS),
};

export type WorkflowFilters = inferParserType<typeof workflowFilterParsers>;

export const serializeWorkflowFilters = createSerializer(workflowFilterParsers);
/** Reads the filters from a page's searchParams (server) exactly as the browser's hooks read the URL. */
export const loadWorkflowFilters = createLoader(workflowFilterParsers);

/** The filters with empty values left out, in a fixed key order: equal searches get equal query keys. */
export function normaliseFilters(filters: WorkflowFilters): Partial<WorkflowFilters> {
  const out: Partial<WorkflowFilters> = {};
  const userId = filters.userId.trim();
  const endUser = filters.endUser.trim();
  const q = filters.q.trim();
  const tags = [...new Set(filters.tags.map((tag) => tag.trim()).filter(Boolean))];
  if (userId) out.userId = userId;
  if (endUser) out.endUser = endUser;
  if (tags.length) out.tags = tags;
  if (q) out.q = q;
  if (filters.from.trim()) out.from = filters.from.trim();
  if (filters.to.trim()) out.to = filters.to.trim();
  if (filters.status) out.status = filters.status;
  if (filters.excludeFailed) out.excludeFailed = true;
  if (filters.order !== 'newest') out.order = filters.order;
  if (filters.minRisk) out.minRisk = filters.minRisk;
  if (filters.sort) out.sort = filters.sort;
  return out;
}

/** The /api/workflows query for these filters, as a flat record. The server reads a date alone as the whole UTC day. */
export function filtersToApiParams(filters: Partial<WorkflowFilters>) {
  return {
    userId: filters.userId,
    endUser: filters.endUser,
    tags: filters.tags,
    q: filters.q,
    from: filters.from,
    to: filters.to,
    status: filters.status ?? undefined,
    excludeFailed: filters.excludeFailed || undefined,
    order: filters.order,
    minRisk: filters.minRisk ?? undefined,
    sort: filters.sort ?? undefined,
  };
}

/** Human names for the filters, used by chips and by the empty state ("relax the status filter"). */
export const FILTER_LABELS: Record<keyof WorkflowFilters, string> = {
  userId: 'Civitai user id',
  endUser: 'End user',
  tags: 'Tags',
  q: 'Metadata text',
  from: 'From date',
  to: 'To date',
  status: 'Status',
  excludeFailed: 'Exclude failed',
  order: 'Order',
  minRisk: 'CSAM risk',
  sort: 'Sort',
};

/** A date filter's instant: a bare day (YYYY-MM-DD) means its first instant for `from` and its last for `to`, as the server reads it. */
function dateEdge(value: string, edge: 'from' | 'to'): number {
  const bareDay = /^\d{4}-\d{2}-\d{2}$/.test(value);
  return Date.parse(bareDay ? `${value}T${edge === 'from' ? '00:00:00.000' : '23:59:59.999'}Z` : value);
}

/**
 * A reversed date range is the moderator's slip, not the upstream's: it is named in the form, with both fields,
 * before any search is sent. Null when the range is fine (or either end is unset or unreadable).
 */
export function dateRangeProblem(filters: Partial<Pick<WorkflowFilters, 'from' | 'to'>>): string | null {
  if (!filters.from || !filters.to) return null;
  const from = dateEdge(filters.from, 'from');
  const to = dateEdge(filters.to, 'to');
  if (Number.isNaN(from) || Number.isNaN(to) || from <= to) return null;
  return `${DATE_FIELD_LABELS.from} (${filters.from}) is after ${DATE_FIELD_LABELS.to} (${filters.to}): swap them or change one.`;
}

/** The date fields' labels in the search form (the days are UTC). */
export const DATE_FIELD_LABELS = { from: 'From (UTC day)', to: 'To (UTC day)' } as const;

/**
 * Which filters to suggest relaxing first when nothing matches, narrowest first: an exact status or a date window
 * usually removes the most; the user ids are what the moderator came with, so they go last.
 */
const RELAX_ORDER: (keyof WorkflowFilters)[] = ['minRisk', 'status', 'excludeFailed', 'from', 'to', 'tags', 'q', 'endUser', 'userId'];

export function filtersToRelax(filters: Partial<WorkflowFilters>): (keyof WorkflowFilters)[] {
  return RELAX_ORDER.filter((key) => filters[key] !== undefined);
}
