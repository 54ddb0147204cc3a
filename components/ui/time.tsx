import { Missing } from './facts';

/**
 * A UTC timestamp, formatted the same on server and client (no locale or time zone dependence, so no hydration
 * mismatch): "2026-01-21 22:21:26 UTC". The full ISO value is in the datetime attribute and the tooltip.
 */
export function formatUtc(iso: string, { seconds = true, zone = true }: { seconds?: boolean; zone?: boolean } = {}): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const text = date.toISOString().replace('T', ' ').slice(0, seconds ? 19 : 16);
  return zone ? `${text} UTC` : text;
}

export function UtcTime({ value, className }: { value: string | null | undefined; className?: string }) {
  if (!value) return <Missing label="—" />;
  return (
    <time dateTime={value} title={value} className={className}>
      {formatUtc(value)}
    </time>
  );
}
