/**
 * Scrubs text that came from the upstream (error bodies may echo request headers) or that is about to be logged:
 * the configured token, any bearer credential, and the signature of signed blob URLs.
 */

const BEARER = /\bBearer\s+[^\s"',;]+/gi;
const SIGNED_PARAMS = /([?&](?:sig|exp)=)[^&\s"'#]*/gi;

export function redact(text: string, secrets: readonly string[]): string {
  let clean = text;
  for (const secret of secrets) if (secret) clean = clean.split(secret).join('[redacted]');
  return clean.replace(BEARER, 'Bearer [redacted]').replace(SIGNED_PARAMS, '$1[redacted]');
}

/** Redacted and cut to a length that fits a log line. */
export function redactSnippet(text: string, secrets: readonly string[], maxLength = 300): string {
  const clean = redact(text, secrets).replace(/\s+/g, ' ').trim();
  return clean.length > maxLength ? `${clean.slice(0, maxLength)}…` : clean;
}
