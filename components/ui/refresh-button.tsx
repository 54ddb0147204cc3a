'use client';

import { useRouter } from 'next/navigation';
import { useTransition, type ReactNode } from 'react';
import { Button, type ButtonProps } from './button';

/** Re-renders the server part of the screen (fresh upstream reads), keeping scroll and client state. */
export function RefreshButton({ children, pendingLabel = 'Retrying…', ...props }: Omit<ButtonProps, 'onClick'> & { children: ReactNode; pendingLabel?: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button {...props} disabled={pending || props.disabled} onClick={() => startTransition(() => router.refresh())}>
      {pending ? pendingLabel : children}
    </Button>
  );
}
