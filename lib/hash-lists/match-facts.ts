/**
 * What the gate, the tiles and the audit log learn of a hash-list match: the list and label, never the list's hash.
 * Plain data (no server-only), so the read model and the components can name it.
 */
export interface HashListMatch {
  listId: string;
  listName: string;
  label: string;
  /** Bits between the output's PDQ hash and the entry's. */
  distance: number;
}

/** The gate's reason for a match, as tiles and refusals show it. */
export function hashMatchReason(match: HashListMatch): string {
  return `Hash list match: ${match.listName} — ${match.label} (distance ${match.distance})`;
}
