/**
 * The hash-list API as the admin page sees it: URLs and answers. Plain TypeScript without zod, so the page's bundle
 * stays small (the routes' input schemas are in ./route-input.ts). No answer carries a list's hashes: names, sizes,
 * labels and counts only.
 */

export const hashListApi = {
  lists: '/api/hash-lists',
  importList: (name: string) => `/api/hash-lists?${new URLSearchParams({ name })}`,
  list: (id: string) => `/api/hash-lists/${encodeURIComponent(id)}`,
};

export interface HashListSummary {
  id: string;
  name: string;
  entryCount: number;
  importedAt: string;
  /** The importing admin's email; null when the account is gone or it came from the command line. */
  importedBy: string | null;
  matchCount: number;
}

/** GET /api/hash-lists */
export interface HashListsAnswer {
  lists: HashListSummary[];
}

/** POST /api/hash-lists?name=… (body: the CSV as text/csv) */
export interface HashListImportAnswer {
  id: string;
  name: string;
  entryCount: number;
  /** Output matches found on import (each hard-gates its output). */
  matchCount: number;
}

/** DELETE /api/hash-lists/{id} */
export interface HashListDeleteAnswer {
  id: string;
  name: string;
  entryCount: number;
  matchCount: number;
}
