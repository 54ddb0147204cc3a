import 'server-only';
import { env } from '@/lib/env';
import type { CsamThresholds } from './scan';

/** The CSAM thresholds in force (CSAM_NEAR_THRESHOLD, CSAM_ABOVE_THRESHOLD). */
export function scanThresholds(): CsamThresholds {
  const config = env();
  return { near: config.CSAM_NEAR_THRESHOLD, above: config.CSAM_ABOVE_THRESHOLD };
}
