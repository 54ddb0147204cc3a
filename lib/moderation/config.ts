import 'server-only';
import { env } from '@/lib/env';
import { readJsonSetting } from '@/lib/json-setting';
import { DEFAULT_GATE_POLICY, gatePolicyFromJson, type GatePolicy } from './gating';
import type { CsamThresholds } from './scan';

/** The CSAM thresholds in force (CSAM_NEAR_THRESHOLD, CSAM_ABOVE_THRESHOLD). */
export function scanThresholds(): CsamThresholds {
  const config = env();
  return { near: config.CSAM_NEAR_THRESHOLD, above: config.CSAM_ABOVE_THRESHOLD };
}

/** The organisation's gate policy (MEDIA_GATE_POLICY), else the default; a bad value throws an EnvError. */
export function gatePolicy(): GatePolicy {
  return readJsonSetting('MEDIA_GATE_POLICY', gatePolicyFromJson, env().MEDIA_GATE_POLICY) ?? DEFAULT_GATE_POLICY;
}
