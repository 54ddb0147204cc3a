import { PERMISSIONS } from '@/lib/auth/roles';
import { viewedBy } from '@/lib/audit/audit';
import { toBlobReveal, type ViewedByAnswer } from '@/lib/media/api';
import { mediaJson } from '@/lib/media/headers';
import { mediaRoute } from '@/lib/http/media-route';

/**
 * Who revealed one blob and when, newest first, from the audit log. Moderators and above (the DAL checks): the
 * people who reveal media are the ones who need to know it was already looked at. Reading it is not itself a view;
 * a refusal is audited like any other.
 */
export const GET = mediaRoute('GET /api/media/[blobId]/viewed-by', async ({ user, blobId }) => {
  const reveals = await viewedBy(user, 'blob', blobId, 50);
  const answer: ViewedByAnswer = { blobId, reveals: reveals.map(toBlobReveal) };
  return mediaJson(answer);
}, PERMISSIONS.revealGatedMedia);
