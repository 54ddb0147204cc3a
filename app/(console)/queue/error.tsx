'use client';

import { ScreenError } from '@/components/ui/screen-error';

export default function QueueError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ScreenError what="the triage queue" reset={reset} digest={error.digest} />;
}
