import { z } from 'zod';

/**
 * The manifest at the end of an evidence package: every other file with its sha256, and who exported it when.
 * Whoever receives the zip can recompute the hashes (scripts/verify-evidence.ts) to show nothing changed since export.
 */

export const EVIDENCE_FORMAT = 'orchestration-review-console/evidence@1';
export const MANIFEST_PATH = 'manifest.json';

export const evidencePaths = {
  workflow: 'workflow.json',
  prompts: 'prompts.json',
  decisions: 'decisions.json',
  jobDetail: (jobId: string) => `jobs/${jobId}/detail.json`,
  scanContext: (jobId: string) => `jobs/${jobId}/scan-context.json`,
  media: (blobId: string) => `media/${blobId}`,
} as const;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const manifestSchema = z.object({
  format: z.literal(EVIDENCE_FORMAT),
  workflowId: z.string(),
  exportedBy: z.object({ id: z.string(), name: z.string(), email: z.string(), role: z.string() }),
  exportedAt: z.string(),
  // Why a senior exported it (required when the workflow holds a hard-gated output), and whether originals went in.
  // Optional so packages made before these fields still verify.
  reason: z.string().nullable().optional(),
  originals: z.enum(['all', 'none']).optional(),
  files: z.array(z.object({ path: z.string(), bytes: z.number().int().nonnegative(), sha256: sha256Hex })),
  // Parts the console could not fetch are listed, never silently left out.
  missing: z.array(z.object({ path: z.string(), reason: z.string() })),
  // Documents whose signed-URL signatures were blanked before packaging (a signature is a live key to the media);
  // `receivedSha256` is the hash of the document exactly as the Orchestration API sent it.
  redacted: z.array(z.object({ path: z.string(), receivedSha256: sha256Hex, reason: z.string() })),
});

export type EvidenceManifest = z.infer<typeof manifestSchema>;
export type ManifestFile = EvidenceManifest['files'][number];

export type ManifestProblem =
  | { kind: 'hash_mismatch'; path: string }
  | { kind: 'size_mismatch'; path: string }
  | { kind: 'missing_file'; path: string }
  | { kind: 'unlisted_file'; path: string };

/** Compares a manifest with the files actually in the package (path → sha256 and size, computed by the reader). */
export function checkManifest(
  manifest: EvidenceManifest,
  actual: ReadonlyMap<string, { sha256: string; bytes: number }>,
): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const listed = new Set<string>();
  for (const file of manifest.files) {
    listed.add(file.path);
    const found = actual.get(file.path);
    if (!found) problems.push({ kind: 'missing_file', path: file.path });
    else if (found.sha256 !== file.sha256) problems.push({ kind: 'hash_mismatch', path: file.path });
    else if (found.bytes !== file.bytes) problems.push({ kind: 'size_mismatch', path: file.path });
  }
  for (const path of actual.keys()) {
    if (path !== MANIFEST_PATH && !listed.has(path)) problems.push({ kind: 'unlisted_file', path });
  }
  return problems;
}
