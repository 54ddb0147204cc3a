import { apiRoute } from '@/lib/http/route';
import { readJsonBody } from '@/lib/http/request-guard';
import { mediaJson } from '@/lib/media/headers';
import { preferencesChangeSchema } from '@/lib/moderation/preferences';
import { loadPreferences, savePreferences } from '@/lib/moderation/preferences-store';

/** The signed-in reviewer's own wellness settings. */
export const GET = apiRoute({
  name: 'GET /api/media/preferences',
  media: true,
  handler: async ({ user }) => mediaJson(await loadPreferences(user)),
});

/** Changes some of them; the answer is the full set as saved. */
export const PUT = apiRoute({
  name: 'PUT /api/media/preferences',
  media: true,
  handler: async ({ user, request }) => mediaJson(await savePreferences(user, await readJsonBody(request, preferencesChangeSchema))),
});
