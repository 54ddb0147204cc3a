import { createHash } from 'node:crypto';
import { crc32, inflateRawSync } from 'node:zlib';
import { checkManifest, MANIFEST_PATH, manifestSchema, type EvidenceManifest, type ManifestProblem } from '@/lib/review/evidence-manifest';

/**
 * A small zip reader for checking evidence packages (tests and scripts/verify-evidence.ts). It reads the central
 * directory, because a streamed zip writes sizes after each entry's data, not in its local header. Stored and
 * deflated entries only; that is what archiver writes.
 */

export type ZipEntry = { path: string; data: Buffer };

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

function findEndOfCentralDirectory(zip: Buffer): number {
  // The end record is 22 bytes plus a comment of at most 65535 bytes.
  for (let offset = zip.length - 22; offset >= Math.max(0, zip.length - 22 - 0xffff); offset--) {
    if (zip.readUInt32LE(offset) === EOCD_SIGNATURE) return offset;
  }
  throw new Error('not a zip file: no end of central directory');
}

export function readZip(zip: Buffer): ZipEntry[] {
  const end = findEndOfCentralDirectory(zip);
  const count = zip.readUInt16LE(end + 10);
  let cursor = zip.readUInt32LE(end + 16);
  if (count === 0xffff || cursor === 0xffffffff) throw new Error('zip64 archives are not supported');
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index++) {
    if (zip.readUInt32LE(cursor) !== CENTRAL_SIGNATURE) throw new Error(`bad central directory entry ${index}`);
    const method = zip.readUInt16LE(cursor + 10);
    const crc = zip.readUInt32LE(cursor + 16);
    const compressedSize = zip.readUInt32LE(cursor + 20);
    const size = zip.readUInt32LE(cursor + 24);
    const nameLength = zip.readUInt16LE(cursor + 28);
    const extraLength = zip.readUInt16LE(cursor + 30);
    const commentLength = zip.readUInt16LE(cursor + 32);
    const localOffset = zip.readUInt32LE(cursor + 42);
    const path = zip.toString('utf8', cursor + 46, cursor + 46 + nameLength);
    cursor += 46 + nameLength + extraLength + commentLength;

    if (zip.readUInt32LE(localOffset) !== LOCAL_SIGNATURE) throw new Error(`bad local header for ${path}`);
    const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const raw = zip.subarray(dataStart, dataStart + compressedSize);
    let data: Buffer;
    if (method === 0) data = Buffer.from(raw);
    else if (method === 8) data = inflateRawSync(raw);
    else throw new Error(`${path}: unsupported compression method ${method}`);
    if (data.length !== size || crc32(data) !== crc) throw new Error(`${path}: damaged (size or CRC does not match)`);
    entries.push({ path, data });
  }
  return entries;
}

export type EvidenceCheck = { manifest: EvidenceManifest; entries: ZipEntry[]; problems: ManifestProblem[] };

/** Reads an evidence zip and checks every file against its manifest. */
export function verifyEvidenceZip(zip: Buffer): EvidenceCheck {
  const entries = readZip(zip);
  const manifestEntry = entries.find((entry) => entry.path === MANIFEST_PATH);
  if (!manifestEntry) throw new Error('the package has no manifest.json');
  const manifest = manifestSchema.parse(JSON.parse(manifestEntry.data.toString('utf8')));
  const actual = new Map(
    entries.map((entry) => [entry.path, { sha256: createHash('sha256').update(entry.data).digest('hex'), bytes: entry.data.length }]),
  );
  return { manifest, entries, problems: checkManifest(manifest, actual) };
}
