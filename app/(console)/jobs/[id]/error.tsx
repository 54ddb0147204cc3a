'use client';

import { ScreenError } from '@/components/ui/screen-error';

export default function JobError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ScreenError what="this job" reset={reset} digest={error.digest} />;
}
