'use client';

import { Search } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { SEARCH_ATTRIBUTE } from '@/components/keyboard/shortcuts';
import { useShortcuts } from '@/components/keyboard/shortcuts-provider';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Chip } from '@/components/ui/chip';
import { Input } from '@/components/ui/input';
import { Kbd } from '@/components/ui/kbd';
import { Label } from '@/components/ui/label';
import { Select } from '@/components/ui/select';
import { VisibleText } from '@/components/ui/visible-text';
import {
  DATE_FIELD_LABELS,
  dateRangeProblem,
  FILTER_LABELS,
  STATUS_FILTERS,
  type MinRisk,
  type StatusFilter,
  type WorkflowFilters,
} from '@/lib/workflows/filters';
import { parseSearch } from '@/lib/workflows/search-syntax';
import { useWorkflowFilters } from './use-workflow-filters';

type TextFilter = 'userId' | 'endUser' | 'from' | 'to';

/**
 * A field's text while it is edited, reset whenever the URL value changes from elsewhere (Back, a chip removed),
 * without remounting the input, so the focus stays where the moderator is typing.
 */
function useDraft(value: string): [string, (next: string) => void] {
  const [draft, setDraft] = useState(value);
  const [synced, setSynced] = useState(value);
  if (value !== synced) {
    setSynced(value);
    setDraft(value);
  }
  return [draft, setDraft];
}

/** The search bar and the filter row. Every value lives in the URL; text fields apply on Enter or when they lose focus. */
export function WorkflowSearch() {
  const { filters, setFilters } = useWorkflowFilters();
  const { moveRows } = useShortcuts();
  const [problems, setProblems] = useState<string[]>([]);
  // A reversed range typed in the form is held back (never sent) and named here; one already in the URL too.
  const [heldRange, setHeldRange] = useState<string | null>(null);
  const rangeProblem = heldRange ?? dateRangeProblem(filters);
  const [text, setText] = useDraft(filters.q);
  const searchId = useId();
  const problemsId = useId();

  /** Applies changes unless they would make the date range reversed. */
  function apply(changes: Partial<WorkflowFilters>): boolean {
    const problem = dateRangeProblem({ ...filters, ...changes });
    setHeldRange(problem);
    if (problem) return false;
    void setFilters(changes);
    return true;
  }

  function onSearch(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = parseSearch(text);
    setProblems(parsed.problems);
    apply({
      ...parsed.changes,
      tags: parsed.addTags.length ? [...new Set([...filters.tags, ...parsed.addTags])] : filters.tags,
    });
  }

  function commit(name: TextFilter, value: string) {
    if (value.trim() !== filters[name]) apply({ [name]: value.trim() });
  }

  return (
    <div className="space-y-3">
      <form role="search" onSubmit={onSearch} className="flex gap-2">
        <div className="relative flex-1">
          <label htmlFor={searchId} className="sr-only">
            Search workflows
          </label>
          <Search aria-hidden className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-zinc-500" />
          <Input
            id={searchId}
            name="search"
            type="search"
            value={text}
            onChange={(event) => setText(event.target.value)}
            placeholder="Metadata text, or user:<id> owner:<id> tag:<tag> status:<status> from:<date> to:<date>"
            className="pl-8"
            autoComplete="off"
            spellCheck={false}
            aria-keyshortcuts="/"
            aria-describedby={problems.length ? problemsId : undefined}
            {...{ [SEARCH_ATTRIBUTE]: '' }}
            onKeyDown={(event) => {
              if (event.key === 'ArrowDown') {
                event.preventDefault();
                moveRows(1);
              }
            }}
          />
          <Kbd aria-hidden className="absolute top-2 right-2">
            /
          </Kbd>
        </div>
        <Button type="submit">Search</Button>
      </form>
      {problems.length ? (
        <ul id={problemsId} role="alert" className="space-y-0.5 text-xs text-red-700 dark:text-red-400">
          {problems.map((problem) => (
            <li key={problem}>
              Not applied: <VisibleText text={problem} />
            </li>
          ))}
        </ul>
      ) : null}
      <FilterRow filters={filters} commit={commit} setFilters={setFilters} rangeProblem={rangeProblem} />
    </div>
  );
}

function FilterRow({
  filters,
  commit,
  setFilters,
  rangeProblem,
}: {
  filters: WorkflowFilters;
  commit: (name: TextFilter, value: string) => void;
  setFilters: ReturnType<typeof useWorkflowFilters>['setFilters'];
  rangeProblem: string | null;
}) {
  const tagId = useId();
  const rangeErrorId = useId();
  const rangeError = rangeProblem ? { id: rangeErrorId } : undefined;
  return (
    <div className="grid grid-cols-2 items-end gap-3 md:grid-cols-4 xl:grid-cols-[repeat(7,minmax(0,1fr))_auto_minmax(9rem,1fr)]">
      <TextField name="userId" filters={filters} commit={commit} inputMode="numeric" placeholder="e.g. 8484131" />
      <TextField name="endUser" filters={filters} commit={commit} inputMode="numeric" placeholder="the id in user:<id>" />
      <div className="flex flex-col gap-1">
        <Label htmlFor={tagId}>Add a tag (all must match)</Label>
        <Input
          id={tagId}
          placeholder="e.g. gen"
          autoComplete="off"
          onKeyDown={(event) => {
            const value = event.currentTarget.value.trim();
            if (event.key !== 'Enter' || !value) return;
            event.preventDefault();
            event.currentTarget.value = '';
            if (!filters.tags.includes(value)) void setFilters({ tags: [...filters.tags, value] });
          }}
        />
      </div>
      <SelectField
        label={FILTER_LABELS.status}
        value={filters.status ?? ''}
        onChange={(value) => void setFilters({ status: (value || null) as StatusFilter | null })}
        options={[['', 'Any status'], ...STATUS_FILTERS.map((status) => [status, status] as const)]}
      />
      <SelectField
        label={FILTER_LABELS.minRisk}
        value={filters.minRisk ?? ''}
        onChange={(value) => void setFilters({ minRisk: (value || null) as MinRisk | null })}
        options={[
          ['', 'Any risk'],
          ['near', 'Near or above'],
          ['above', 'Above only'],
        ]}
      />
      <TextField name="from" filters={filters} commit={commit} type="date" label={DATE_FIELD_LABELS.from} error={rangeError} />
      <TextField name="to" filters={filters} commit={commit} type="date" label={DATE_FIELD_LABELS.to} error={rangeError} />
      <Checkbox
        label={FILTER_LABELS.excludeFailed}
        checked={filters.excludeFailed}
        onChange={(event) => void setFilters({ excludeFailed: event.target.checked })}
      />
      <SelectField
        label={FILTER_LABELS.order}
        value={filters.sort === 'risk' ? 'risk' : filters.order}
        onChange={(value) =>
          void setFilters(value === 'risk' ? { sort: 'risk', order: null } : { sort: null, order: value as WorkflowFilters['order'] })
        }
        options={[
          ['newest', 'Newest first'],
          ['oldest', 'Oldest first'],
          ['risk', 'Riskiest first'],
        ]}
      />
      {rangeProblem ? (
        <p id={rangeErrorId} role="alert" className="col-span-full text-xs text-red-700 dark:text-red-400" data-testid="date-range-error">
          {rangeProblem}
        </p>
      ) : null}
      {filters.tags.length ? (
        <ul aria-label="Tags that must all match" className="col-span-full flex flex-wrap gap-1.5">
          {filters.tags.map((tag) => (
            <li key={tag}>
              <Chip
                onRemove={() => void setFilters({ tags: filters.tags.filter((t) => t !== tag) })}
                removeLabel={`Remove tag ${tag}`}
              >
                <VisibleText text={tag} />
              </Chip>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function TextField({
  name,
  filters,
  commit,
  label = FILTER_LABELS[name],
  type = 'text',
  inputMode,
  placeholder,
  error,
}: {
  name: TextFilter;
  filters: WorkflowFilters;
  commit: (name: TextFilter, value: string) => void;
  label?: string;
  type?: 'text' | 'date';
  inputMode?: 'numeric';
  placeholder?: string;
  /** The form error this field is part of (its message is shown once, below the row). */
  error?: { id: string };
}) {
  const id = useId();
  const [draft, setDraft] = useDraft(filters[name]);
  return (
    <div className="flex flex-col gap-1">
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={id}
        name={name}
        type={type}
        inputMode={inputMode}
        placeholder={placeholder}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={error?.id}
        onBlur={(event) => commit(name, event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            commit(name, event.currentTarget.value);
          }
        }}
      />
    </div>
  );
}

function SelectField({
  label,
  value,
  onChange,
  options,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly (readonly [string, string])[];
}) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <Label htmlFor={id}>{label}</Label>
      <Select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {options.map(([optionValue, optionLabel]) => (
          <option key={optionValue} value={optionValue}>
            {optionLabel}
          </option>
        ))}
      </Select>
    </div>
  );
}
