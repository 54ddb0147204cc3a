import { mediaJson, mediaProblem } from '@/lib/media/headers';
import { mediaCollectionRoute } from '@/lib/media/route';
import { preferencesChangeSchema } from '@/lib/moderation/preferences';
import { loadPreferences, savePreferences } from '@/lib/moderation/preferences-store';

/** The signed-in reviewer's own wellness settings. */
export const GET = mediaCollectionRoute('GET /api/media/preferences', async ({ user }) => mediaJson(await loadPreferences(user)));

/** Changes some of them; the answer is the full set as saved. */
export const PUT = mediaCollectionRoute('PUT /api/media/preferences', async ({ user, request }) => {
  if (!request.headers.get('content-type')?.toLowerCase().startsWith('application/json')) {
    return mediaProblem(415, { kind: 'invalid_input', title: 'Send the settings as JSON.' });
  }
  const change = preferencesChangeSchema.safeParse(await request.json().catch(() => undefined));
  if (!change.success) {
    const issue = change.error.issues[0];
    const field = String(issue?.path[0] ?? 'preferences');
    return mediaProblem(400, { kind: 'invalid_input', title: `\`${field}\`: ${issue?.message ?? 'invalid'}`, field });
  }
  return mediaJson(await savePreferences(user, change.data));
});
