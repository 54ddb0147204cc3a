import type { Context } from 'hono';
import { QueryParams } from '../params';
import { decodeCursor, encodeCursor, type EmulatorState } from '../state';
import type { WorkflowRecord } from '../seed/types';
import { validationProblem } from '../wire';

/** The list semantics shared by the consumer query and the manager list (contract §7.2). */

export interface ListNames {
  ascending: 'ascending' | 'inverse';
  defaultTake: number;
  maxTake: number;
}

export interface ListResult {
  items: WorkflowRecord[];
  next: string | null;
  params: QueryParams;
}

export function listWorkflows(c: Context, state: EmulatorState, owner: number | undefined, names: ListNames): ListResult | Response {
  const params = new QueryParams(new URL(c.req.url));
  const take = params.int('take');
  const cursorText = params.string('cursor');
  const after = cursorText ? decodeCursor(cursorText) : undefined;
  if (cursorText && !after) (params.errors.cursor ??= []).push('The cursor is not valid.');
  const filter = {
    owner,
    tags: params.all('tags').filter((tag) => tag !== ''),
    query: params.string('query'),
    from: params.date('fromDate'),
    to: params.date('toDate'),
    excludeFailed: params.bool('excludeFailed') ?? false,
    ascending: params.bool(names.ascending) ?? false,
    after,
    take: Math.min(names.maxTake, Math.max(1, take ?? names.defaultTake)),
  };
  params.bool('hideMatureContent');
  if (!params.valid) return validationProblem(c, params.errors);
  const page = state.store.query(filter);
  return { items: page.items, next: page.next ? encodeCursor(page.next) : null, params };
}
