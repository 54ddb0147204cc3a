import 'server-only';
import { requestMeta } from '@/lib/http/request-meta';
import { CLIENT_IP_HEADER, getAuth, REQUEST_ID_HEADER } from './auth';
import { getSessionUser } from './session';

/**
 * Every /api/auth/* request: the client address and request id are computed here from the trusted proxy hop (a
 * client cannot supply them), the session cookie is checked against the idle timeout, absolute lifetime and
 * disabled users first, then better-auth answers. Nothing it returns may be cached.
 */
export async function handleAuthRequest(request: Request): Promise<Response> {
  const meta = requestMeta(request.headers);
  const headers = new Headers(request.headers);
  headers.delete(CLIENT_IP_HEADER);
  if (meta.ip) headers.set(CLIENT_IP_HEADER, meta.ip);
  headers.set(REQUEST_ID_HEADER, meta.requestId);
  // Ends (and deletes) a session that is idle, too old or disabled, so better-auth never sees it as live.
  await getSessionUser();

  const auth = await getAuth();
  const forwarded = new Request(request.url, {
    method: request.method,
    headers,
    body: request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer(),
  });
  const response = await auth.handler(forwarded);
  const answer = new Response(response.body, response);
  answer.headers.set('Cache-Control', 'no-store');
  return answer;
}
