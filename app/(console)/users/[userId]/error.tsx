'use client';

import { ScreenError } from '@/components/ui/screen-error';

export default function UserError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ScreenError what="this user's overview" reset={reset} digest={error.digest} />;
}
