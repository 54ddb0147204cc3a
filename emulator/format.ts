/** .NET wire formats the real API writes (contract §1): round-trip UTC dates with 7 fractional digits, TimeSpan strings. */

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** `2025-10-29T21:29:24.7599308Z`: `ms` since the epoch plus `subTicks` (0-9999, 100 ns units below the millisecond). */
export function dotnetDate(ms: number, subTicks = 0): string {
  const iso = new Date(ms).toISOString(); // 2025-10-29T21:29:24.759Z
  return `${iso.slice(0, 23)}${pad(subTicks % 10_000, 4)}Z`;
}

/** `hh:mm:ss.fffffff`, with a `d.` prefix past a day (.NET "c" format). */
export function timeSpan(ms: number, subTicks = 0): string {
  const totalSeconds = Math.floor(ms / 1000);
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const fraction = `${pad(Math.floor(ms % 1000), 3)}${pad(subTicks % 10_000, 4)}`;
  const clock = `${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}`;
  return `${days ? `${days}.` : ''}${clock}${fraction === '0000000' ? '' : `.${fraction}`}`;
}

/** `yyyyMMddHHmmssfff`, the timestamp inside a classic workflow id (hand-built: it runs once per seeded workflow). */
export function idTimestamp(ms: number): string {
  const d = new Date(ms);
  return (
    String(d.getUTCFullYear()) +
    pad(d.getUTCMonth() + 1, 2) +
    pad(d.getUTCDate(), 2) +
    pad(d.getUTCHours(), 2) +
    pad(d.getUTCMinutes(), 2) +
    pad(d.getUTCSeconds(), 2) +
    pad(d.getUTCMilliseconds(), 3)
  );
}

/** Percent with two decimals and a space before the sign, as hive writes it: `12.50 %`. */
export function hivePercent(score: number): string {
  return `${(Math.round(score * 100) / 100).toFixed(2)} %`;
}

/** v1 serialises enums PascalCase: `succeeded` -> `Succeeded`, `underReview` -> `UnderReview`. */
export function pascal(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}
