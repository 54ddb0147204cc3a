import type { MediaGateView } from '@/lib/media/api';
import { bandRisk } from '@/lib/moderation/scan';

/**
 * Marking a workflow OK while one of its outputs scores near or above the CSAM thresholds needs a second look: this
 * names the worst such output (by the read model's bands, worst first), or null when OK may go through at once.
 */
export type OkWarning = { blobId: string; band: 'near' | 'above'; percent: number | null };

export function okNeedsConfirmation(gates: readonly Pick<MediaGateView, 'blobId' | 'band' | 'csamPercent'>[]): OkWarning | null {
  let worst: OkWarning | null = null;
  for (const gate of gates) {
    if (gate.band !== 'near' && gate.band !== 'above') continue;
    const ranks = worst ? bandRisk(gate.band) - bandRisk(worst.band) || (gate.csamPercent ?? -1) - (worst.percent ?? -1) : 1;
    if (ranks > 0) worst = { blobId: gate.blobId, band: gate.band, percent: gate.csamPercent };
  }
  return worst;
}

export function describeOkWarning(warning: OkWarning): string {
  const score = warning.percent === null ? 'an unreadable score' : `${warning.percent.toFixed(2)} %`;
  return `Output ${warning.blobId} scores ${score} (${warning.band === 'above' ? 'above' : 'near'} the CSAM threshold).`;
}
