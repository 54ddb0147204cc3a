'use client';

import { ScreenError } from '@/components/ui/screen-error';

export default function StatusError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ScreenError what="the upstream status" reset={reset} digest={error.digest} />;
}
