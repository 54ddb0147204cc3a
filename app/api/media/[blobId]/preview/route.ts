import { mediaRoute } from '@/lib/http/media-route';
import { servePreview } from '@/lib/media/serve';

/** A small webp rendered on the server: a plain thumbnail for tier 0, blurred in the pixels for tier 1, 403 above. */
export const GET = mediaRoute('GET /api/media/[blobId]/preview', servePreview);
