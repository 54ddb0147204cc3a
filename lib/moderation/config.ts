import 'server-only';
import { env } from '@/lib/env';
import { DEFAULT_GATE_POLICY, type GatePolicy } from './gating';
import type { CsamThresholds } from './scan';

/** The CSAM thresholds in force (CSAM_NEAR_THRESHOLD, CSAM_ABOVE_THRESHOLD). */
export function scanThresholds(): CsamThresholds {
  const config = env();
  return { near: config.CSAM_NEAR_THRESHOLD, above: config.CSAM_ABOVE_THRESHOLD };
}

/** The organisation's gate policy (MEDIA_GATE_POLICY), else the default. */
export function gatePolicy(): GatePolicy {
  return env().MEDIA_GATE_POLICY ?? DEFAULT_GATE_POLICY;
}
