import 'server-only';
import { ConsoleError } from '@/lib/console-error';
import { DIHEDRAL_VARIANTS } from '@/lib/pdq/dihedral';
import { dihedralHashesOfImage } from '@/lib/pdq/image';
import type { CallContext } from '@/lib/orchestrator/client';
import { readImageBytes } from './console-hasher';
import { storedHashOf } from './hash-store';
import { findSimilar, type SimilarCursor, type SimilarMatch } from './search';

export interface SimilarRequest {
  maxDistance: number;
  /** Also match rotated and mirrored copies: the eight variants are hashed from the blob's pixels, read now. */
  dihedral: boolean;
  take: number;
  after: SimilarCursor | null;
}

export interface SimilarAnswer {
  matches: SimilarMatch[];
  next?: string;
}

/**
 * The indexed outputs like one blob (GET /api/media/{blobId}/similar). Its own hash comes from the index; the
 * dihedral variants are computed on request rather than stored: a rare, moderator-started search pays one image read
 * and eight hashes (tens of ms), where storing them would make the table and its 16 band indexes eight times larger.
 */
export async function similarOutputs(blobId: string, request: SimilarRequest, ctx: CallContext): Promise<SimilarAnswer> {
  const stored = await storedHashOf(blobId);
  if (stored.state === 'unindexed') throw new ConsoleError('not_found', 'The risk index holds no output with this blob id.');
  if (stored.state === 'unhashed') {
    throw new ConsoleError('not_found', 'This output is indexed but has no hash yet.', {
      detail: 'Images are hashed shortly after they are indexed; videos are not hashed yet.',
    });
  }
  const hashes = [stored.hash];
  if (request.dihedral) {
    const bytes = await readImageBytes(blobId, ctx);
    if (bytes === null) {
      throw new ConsoleError('conflict', 'The Orchestration API withholds this image, so its rotations and mirror images cannot be hashed.', {
        detail: 'Search without rotations and mirror images.',
      });
    }
    const variants = await dihedralHashesOfImage(bytes);
    hashes.push(...DIHEDRAL_VARIANTS.map((variant) => variants[variant]));
  }
  const { matches, next } = await findSimilar({ hashes, maxDistance: request.maxDistance, take: request.take, after: request.after, excludeBlobId: blobId });
  return next ? { matches, next } : { matches };
}
