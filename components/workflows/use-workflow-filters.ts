'use client';

import { useQueryStates } from 'nuqs';
import { useMemo } from 'react';
import { normaliseFilters, workflowFilterParsers } from '@/lib/workflows/filters';

/**
 * The workflows screen's filters, read from and written to the URL. Shallow: changing a filter does not re-render the
 * server page; the results refetch through /api/workflows under the new query key. Each change is a history entry,
 * so Back undoes a search step.
 */
export function useWorkflowFilters() {
  const [filters, setFilters] = useQueryStates(workflowFilterParsers, { history: 'push' });
  const active = useMemo(() => normaliseFilters(filters), [filters]);
  return { filters, active, setFilters };
}
