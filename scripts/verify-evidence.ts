/**
 * Checks an evidence package against its manifest: every file present, unchanged (sha256 and size), nothing added.
 *   npx tsx scripts/verify-evidence.ts evidence-<workflow>-<time>.zip
 * Exits 0 when the package is intact, 1 when anything differs, 2 when it cannot be read.
 */
import { readFileSync } from 'node:fs';
import { verifyEvidenceZip } from '../lib/evidence/zip-reader';

const path = process.argv[2];
if (!path) {
  console.error('usage: tsx scripts/verify-evidence.ts <evidence.zip>');
  process.exit(2);
}

let check: ReturnType<typeof verifyEvidenceZip>;
try {
  check = verifyEvidenceZip(readFileSync(path));
} catch (error) {
  console.error(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}

const { manifest, problems } = check;
console.log(`workflow ${manifest.workflowId}, exported by ${manifest.exportedBy.name} <${manifest.exportedBy.email}> (${manifest.exportedBy.role}) at ${manifest.exportedAt}`);
console.log(`${manifest.files.length} files listed; ${manifest.missing.length} parts could not be fetched; ${manifest.redacted.length} documents had signed-URL signatures blanked`);
for (const part of manifest.missing) console.log(`  missing ${part.path}: ${part.reason}`);
if (problems.length === 0) {
  console.log('intact: every file matches its manifest hash');
} else {
  for (const problem of problems) console.log(`  ${problem.kind.replace('_', ' ')}: ${problem.path}`);
  process.exit(1);
}
