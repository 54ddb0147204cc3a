import { invalidInput } from '@/lib/console-error';

/**
 * What a senior asks of one evidence export: a reason (needed when the workflow holds a hard-gated output, whose
 * original then leaves the console as a reveal) and whether originals go in at all (`originals=none`: documents,
 * scans and hashes only). Read once from the query; any key given twice is refused.
 */

export const ORIGINALS = ['all', 'none'] as const;
export type OriginalsChoice = (typeof ORIGINALS)[number];

export interface EvidenceExportOptions {
  reason: string | null;
  originals: OriginalsChoice;
}

const MAX_REASON_LENGTH = 2_000;

function single(query: URLSearchParams, key: string): string | null {
  const values = query.getAll(key);
  if (values.length > 1) throw invalidInput(key, `\`${key}\` was given more than once; give it once.`);
  return values[0] ?? null;
}

export function readExportOptions(query: URLSearchParams): EvidenceExportOptions {
  const reason = single(query, 'reason')?.trim() || null;
  if (reason && reason.length > MAX_REASON_LENGTH) throw invalidInput('reason', `\`reason\` is longer than ${MAX_REASON_LENGTH} characters.`);
  const originals = single(query, 'originals') ?? 'all';
  if (!(ORIGINALS as readonly string[]).includes(originals)) throw invalidInput('originals', '`originals` must be `all` or `none`.');
  return { reason, originals: originals as OriginalsChoice };
}

/**
 * Refuses an export of hard-gated outputs without a reason of `minReasonLength` characters: each such original it
 * includes is a reveal. Asked even with `originals=none`, so a package about a hard-gated workflow always says why.
 */
export function requireExportReason(options: EvidenceExportOptions, hardGatedCount: number, minReasonLength: number): void {
  if (hardGatedCount === 0) return;
  if ((options.reason ?? '').length < minReasonLength) {
    throw invalidInput(
      'reason',
      `\`reason\`: this workflow has ${hardGatedCount} hard-gated output${hardGatedCount === 1 ? '' : 's'}; give a reason of at least ${minReasonLength} characters to export it.`,
    );
  }
}
