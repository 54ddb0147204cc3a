import { signOut } from '@/lib/auth/sign-out';

/** The sign-out form posts here (this route takes precedence over better-auth's own /sign-out). */
export const POST = signOut;
