/**
 * `blockedReason` as civitai reads it: "none" and blanks mean not blocked (contract §3.4). Zod-free, so screens can
 * use it too.
 */
export function parseBlockedReason(raw: unknown): string | null {
  if (raw === null || raw === undefined) return null;
  const text = (typeof raw === 'string' ? raw : JSON.stringify(raw) ?? String(raw)).trim();
  return text === '' || text.toLowerCase() === 'none' ? null : text;
}
