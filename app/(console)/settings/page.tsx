import type { Metadata } from 'next';
import { WellnessSettings } from '@/components/media/wellness-settings';
import { ScreenHeader } from '@/components/screen-header';
import { requirePageRole } from '@/lib/auth/session';
import { loadPreferences } from '@/lib/moderation/preferences-store';

export const metadata: Metadata = { title: 'Wellness settings' };

export default async function SettingsPage() {
  const user = await requirePageRole('viewer');
  const preferences = await loadPreferences(user);
  return (
    <div className="mx-auto w-full max-w-3xl space-y-4 px-4 py-4">
      <ScreenHeader
        title="Wellness settings"
        description="How gated media looks to you. Saved for your account; they can only make media harder to see than the organisation’s gate."
      />
      <WellnessSettings initial={preferences} />
    </div>
  );
}
