import { PERMISSIONS } from '@/lib/auth/roles';
import { db } from '@/lib/db/client';
import type { HashListDeleteAnswer } from '@/lib/hash-lists/api';
import { hashListIdParams } from '@/lib/hash-lists/route-input';
import { deleteHashList } from '@/lib/hash-lists/lists';
import { apiRoute } from '@/lib/http/route';
import { requestMeta } from '@/lib/request/request-meta';

/** Deletes a list with its entries and matches (admins; audited): its outputs fall back to their scan's own tier. */
export const DELETE = apiRoute({
  name: 'DELETE /api/hash-lists/[id]',
  role: PERMISSIONS.manageHashLists,
  params: hashListIdParams,
  handler: async ({ params, user, request }): Promise<HashListDeleteAnswer> =>
    deleteHashList(await db(), params.id, { actor: user, ...requestMeta(request.headers) }),
});
