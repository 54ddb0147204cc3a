/**
 * npm run pdq -- <file>...: one line per image, `<64 hex> <quality> <file>`, as Meta's reference tools print it.
 * A file that cannot be read or decoded gets an error line on stderr; the others are still hashed, and the exit
 * code is 1 when any failed.
 */
import { pdqOfImage } from '@/lib/pdq/image';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: npm run pdq -- <image file>...');
  process.exit(2);
}

let failed = false;
for (const file of files) {
  try {
    const { hash, quality } = await pdqOfImage(file);
    console.log(`${hash} ${quality} ${file}`);
  } catch (error) {
    failed = true;
    console.error(`pdq: ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
process.exitCode = failed ? 1 : 0;
