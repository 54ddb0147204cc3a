'use client';

import { ScreenError } from '@/components/ui/screen-error';

export default function WorkflowError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ScreenError what="this workflow" reset={reset} digest={error.digest} />;
}
