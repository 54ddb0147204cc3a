/** A flag reason as decisions store it; no zod here, so the browser's decision views stay light. */
export type ReasonCode = { code: string; label: string };

/** The label of a stored code; an unknown code (since removed from the list) shows as itself. */
export function reasonLabel(codes: readonly ReasonCode[], code: string | null): string | null {
  if (code === null) return null;
  return codes.find((reason) => reason.code === code)?.label ?? code;
}
