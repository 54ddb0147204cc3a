import { handleAuthRequest } from '@/lib/http/auth-handler';

/** better-auth's endpoints (sign-in, session, revoke): public by design, guarded by better-auth and lib/auth. */
export const GET = handleAuthRequest;
export const POST = handleAuthRequest;
