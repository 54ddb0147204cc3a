'use client';

import { ScreenError } from '@/components/ui/screen-error';

export default function WorkflowsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ScreenError what="the workflows" reset={reset} digest={error.digest} />;
}
