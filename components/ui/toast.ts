'use client';

import type { ExternalToast } from 'sonner';

/**
 * Toasts, with sonner loaded on the first one (and by the Toaster after the page is interactive), so no screen's
 * first load carries it. Same calls as sonner's `toast`.
 */
type Show = (message: string, options?: ExternalToast) => void;

const sonner = () => import('sonner');
const show =
  (kind: 'success' | 'error' | 'info'): Show =>
  (message, options) =>
    void sonner().then(({ toast: sonnerToast }) => sonnerToast[kind](message, options));

export const toast = { success: show('success'), error: show('error'), info: show('info') };
