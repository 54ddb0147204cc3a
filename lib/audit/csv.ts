import type { AuditRecord } from './audit';

/**
 * The audit log as CSV (RFC 4180). Cells are text a spreadsheet must never execute: any cell that starts like a
 * formula (= + - @, tab, carriage return) gets a leading apostrophe, as OWASP's CSV-injection guidance advises.
 */

export const AUDIT_CSV_HEADER = ['id', 'at_utc', 'actor_id', 'actor_email', 'actor_role', 'session_id', 'action', 'target_type', 'target_id', 'workflow_id', 'reason', 'ip', 'request_id', 'detail_json'] as const;

export function csvCell(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvLine(values: readonly (string | null | undefined)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

export function auditCsvLine(event: AuditRecord): string {
  return csvLine([
    event.id,
    event.at.toISOString(),
    event.actorId,
    event.actorEmail,
    event.actorRole,
    event.sessionId,
    event.action,
    event.targetType,
    event.targetId,
    event.workflowId,
    event.reason,
    event.ip,
    event.requestId,
    event.detail === null ? null : JSON.stringify(event.detail),
  ]);
}
