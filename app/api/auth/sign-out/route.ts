import { signOut } from '@/lib/http/sign-out';

/** The sign-out form posts here (this route takes precedence over better-auth's own /sign-out). */
export const POST = signOut;
