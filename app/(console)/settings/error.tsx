'use client';

import { ScreenError } from '@/components/ui/screen-error';

export default function SettingsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ScreenError what="your wellness settings" reset={reset} digest={error.digest} />;
}
