import { PERMISSIONS } from '@/lib/auth/roles';
import { db } from '@/lib/db/client';
import type { HashListImportAnswer, HashListsAnswer } from '@/lib/hash-lists/api';
import { hashListImportQuery } from '@/lib/hash-lists/route-input';
import { MAX_LIST_BYTES } from '@/lib/hash-lists/csv';
import { importHashList } from '@/lib/hash-lists/import';
import { listHashLists } from '@/lib/hash-lists/lists';
import { consumeCappedBody } from '@/lib/http/request-guard';
import { apiRoute } from '@/lib/http/route';
import { requestMeta } from '@/lib/request/request-meta';
import { REFUSALS } from '@/lib/request/same-origin';

/** The imported hash lists: name, size, importer, matches (admins). */
export const GET = apiRoute({
  name: 'GET /api/hash-lists',
  role: PERMISSIONS.manageHashLists,
  handler: async (): Promise<HashListsAnswer> => ({ lists: await listHashLists(await db()) }),
});

const TOO_LARGE = { ...REFUSALS.too_large, title: `The hash list is larger than the ${MAX_LIST_BYTES / 1024 / 1024} MiB cap: split it into several lists.` };

/**
 * Imports a list (admins): the body is the CSV itself (text/csv, `pdq_hex,label[,source]`), read as it streams in;
 * 400 naming every bad line, 413 past the cap. Every indexed output is matched against it before it answers.
 */
export const POST = apiRoute({
  name: 'POST /api/hash-lists',
  role: PERMISSIONS.manageHashLists,
  guard: 'csv',
  query: hashListImportQuery,
  handler: async ({ query, user, request }): Promise<HashListImportAnswer> => {
    const database = await db();
    return consumeCappedBody(
      request,
      MAX_LIST_BYTES,
      (body) => importHashList(database, { name: query.name, body, actor: user, ...requestMeta(request.headers) }),
      TOO_LARGE,
    );
  },
});
