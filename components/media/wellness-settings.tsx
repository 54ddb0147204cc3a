'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Checkbox } from '@/components/ui/checkbox';
import { Muted } from '@/components/ui/muted';
import {
  BLUR_STRENGTHS,
  MATURE_TILE_MODES,
  type BlurStrength,
  type MatureTileMode,
  type ReviewerPreferences,
} from '@/lib/moderation/preference-defaults';
import { describeFailure } from '@/lib/queries/api-error';
import { savePreferences } from '@/lib/queries/media';

const BLUR_LABELS: Record<BlurStrength, string> = {
  light: 'Light: shapes and colours stay recognisable',
  medium: 'Medium: only the overall composition shows',
  strong: 'Strong: little more than colour',
};

const MATURE_LABELS: Record<MatureTileMode, string> = {
  blurred: 'Blurred preview (reveal on click)',
  hidden: 'Hidden, like tier 2: text only until I reveal it',
};

type Phase = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'failed'; message: string };

/**
 * A reviewer's own wellness settings. Each one can only make media harder to see than the organisation's gate: the
 * blur is rendered into the preview's pixels on the server, and "hidden" turns mature tiles into tier 2.
 */
export function WellnessSettings({ initial }: { initial: ReviewerPreferences }) {
  const queryClient = useQueryClient();
  const [settings, setSettings] = useState(initial);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const change = <K extends keyof ReviewerPreferences>(key: K, value: ReviewerPreferences[K]) => {
    setSettings((current) => ({ ...current, [key]: value }));
    setPhase({ kind: 'idle' });
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setPhase({ kind: 'saving' });
    try {
      setSettings(await savePreferences(queryClient, settings));
      setPhase({ kind: 'saved' });
    } catch (error) {
      setPhase({ kind: 'failed', message: describeFailure(error).title });
    }
  }

  return (
    <form onSubmit={submit} className="space-y-4" aria-label="Wellness settings">
      <Card className="space-y-4">
        <Choice
          legend="Blur of mature previews"
          hint="Rendered into the preview on the server; there is no “off”."
          name="blurStrength"
          options={BLUR_STRENGTHS}
          labels={BLUR_LABELS}
          value={settings.blurStrength}
          onChange={(value) => change('blurStrength', value)}
        />
        <Checkbox label="Grayscale previews" checked={settings.grayscale} onChange={(event) => change('grayscale', event.target.checked)} />
        <Choice
          legend="Mature (tier 1) tiles"
          hint="Tier 2 and hard-gated media never show pixels before a reveal, whatever you choose here."
          name="matureTiles"
          options={MATURE_TILE_MODES}
          labels={MATURE_LABELS}
          value={settings.matureTiles}
          onChange={(value) => change('matureTiles', value)}
        />
      </Card>
      <Card className="space-y-2">
        <h2 className="text-sm font-semibold">Hard-gated media</h2>
        <Checkbox
          label="After I reveal hard-gated media, show it grayscale and blurred until I lift the veil on each"
          checked={settings.veilHardGate}
          onChange={(event) => change('veilHardGate', event.target.checked)}
        />
      </Card>
      <Card className="space-y-2">
        <h2 className="text-sm font-semibold">Video</h2>
        <Muted size="xs">Videos never load before you press play, and never play by themselves in a list.</Muted>
        <div className="flex flex-col">
          <Checkbox label="Mute videos" checked={settings.videoMuted} onChange={(event) => change('videoMuted', event.target.checked)} />
          <Checkbox
            label="Play a video by itself when I open it in the viewer"
            checked={settings.videoAutoplay}
            onChange={(event) => change('videoAutoplay', event.target.checked)}
          />
        </div>
      </Card>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={phase.kind === 'saving'} aria-busy={phase.kind === 'saving'}>
          {phase.kind === 'saving' ? 'Saving…' : 'Save settings'}
        </Button>
        {phase.kind === 'saved' ? (
          <p role="status" className="text-sm text-emerald-800 dark:text-emerald-300">
            Saved. They apply to every screen from now on.
          </p>
        ) : null}
        {phase.kind === 'failed' ? (
          <p role="alert" className="text-sm text-red-800 dark:text-red-300">
            {phase.message}
          </p>
        ) : null}
      </div>
    </form>
  );
}

function Choice<T extends string>({
  legend,
  hint,
  name,
  options,
  labels,
  value,
  onChange,
}: {
  legend: string;
  hint: ReactNode;
  name: string;
  options: readonly T[];
  labels: Record<T, string>;
  value: T;
  onChange: (value: T) => void;
}) {
  const hintId = useId();
  return (
    <fieldset className="space-y-1" aria-describedby={hintId}>
      <legend className="text-sm font-semibold">{legend}</legend>
      <Muted size="xs" id={hintId}>
        {hint}
      </Muted>
      {options.map((option) => (
        <label key={option} className="flex items-center gap-2 text-sm">
          <input type="radio" name={name} value={option} checked={value === option} onChange={() => onChange(option)} className="size-4 accent-sky-700 dark:accent-sky-500" />
          {labels[option]}
        </label>
      ))}
    </fieldset>
  );
}
