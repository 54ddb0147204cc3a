import { readJsonBody } from '@/lib/http/request-guard';
import { mediaJson } from '@/lib/media/headers';
import { mediaCollectionRoute } from '@/lib/media/route';
import { preferencesChangeSchema } from '@/lib/moderation/preferences';
import { loadPreferences, savePreferences } from '@/lib/moderation/preferences-store';

/** The signed-in reviewer's own wellness settings. */
export const GET = mediaCollectionRoute('GET /api/media/preferences', async ({ user }) => mediaJson(await loadPreferences(user)));

/** Changes some of them; the answer is the full set as saved. */
export const PUT = mediaCollectionRoute('PUT /api/media/preferences', async ({ user, request }) => {
  return mediaJson(await savePreferences(user, await readJsonBody(request, preferencesChangeSchema)));
});
