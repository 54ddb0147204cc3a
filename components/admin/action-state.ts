/** What an admin action tells its form: done (with the one-time password for an invite) or why not. */
export type AdminActionState = { status: 'idle' } | { status: 'done'; message: string; password?: string } | { status: 'error'; message: string };

export type AdminAction = (state: AdminActionState, form: FormData) => Promise<AdminActionState>;
