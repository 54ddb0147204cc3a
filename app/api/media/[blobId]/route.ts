import { mediaRoute } from '@/lib/http/media-route';
import { serveMedia } from '@/lib/media/serve';

/**
 * The full bytes of one blob (`?workflowId=` gives the gate its scan evidence; `?download=1` makes it an audited
 * attachment). Tier 0 for anyone signed in; tier 1-3 only with a live reveal grant. Streams; HTTP Range for video.
 */
export const GET = mediaRoute('GET /api/media/[blobId]', serveMedia);
