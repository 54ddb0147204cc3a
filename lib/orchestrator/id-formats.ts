/**
 * Identifier formats of the Orchestration API (contract §5). The console validates every path parameter with these before
 * any upstream call, so an id can never carry a path segment, an encoded separator or a control character upstream.
 * Each pattern is anchored and bounded; a value is checked as given (decode it once, before, and never again).
 * No zod here: browser components import these predicates, and zod would weigh on every page that does.
 */

export const MAX_ID_LENGTH = 256;
/** Owners are Civitai user ids: int4 (MOD refuses anything larger). */
export const MAX_USER_ID = 2_147_483_647;

const OWNER = '(0|[1-9]\\d{0,9})';
const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** `{owner}-{yyyyMMddHHmmssfff}`, e.g. `8484131-20260121222126332`. */
export const WORKFLOW_ID_CLASSIC = new RegExp(`^${OWNER}-(\\d{17})$`);
/** `{owner}-{17 digits}-{suffix}`, e.g. `42-20261005123456789-abcd`. */
export const WORKFLOW_ID_SUFFIXED = new RegExp(`^${OWNER}-(\\d{17})-([A-Za-z0-9_]{1,64})$`);
/** `{owner}-{uuidv7}`, e.g. `0-019be44b-181e-7a7e-ab1b-b58dc7610dca`. */
export const WORKFLOW_ID_UUID = new RegExp(`^${OWNER}-(${UUID})$`);

/** Job ids: a uuid (2026) or 64 hex digits (2024). */
export const JOB_ID = new RegExp(`^(?:${UUID}|[0-9a-fA-F]{64})$`);

/** Current blob ids: 26 base32-like characters plus a media extension, e.g. `JNFDW54JNTATNW42HACYCWSQP0.jpeg`. */
export const BLOB_ID_CURRENT = /^[0-9A-Z]{26}\.[a-z0-9]{2,5}$/;
/** Older blob ids: a 128-bit decimal number. */
export const BLOB_ID_DECIMAL = /^[1-9]\d{0,38}$/;
/** v1 (2024) blob keys: 64 hex digits. */
export const BLOB_ID_HEX = /^[0-9A-Fa-f]{64}$/;
/** customComfy outputs: `customcomfy-<session>-asset-<filename>`; the filename keeps its dots but never `..`. */
export const BLOB_ID_CUSTOM_COMFY = /^customcomfy-[A-Za-z0-9_-]{1,128}-asset-[A-Za-z0-9_][A-Za-z0-9_.()-]{0,199}$/;

/** Step names: `$0`, `0`, `tags`, `videoFrames`, ... */
export const STEP_NAME = /^[A-Za-z0-9$_][A-Za-z0-9$_.:-]{0,99}$/;

/** Civitai user id as the console accepts it: ASCII digits, canonical (no leading zero), within int4. */
export const USER_ID = /^(0|[1-9]\d{0,9})$/;

// Belt and braces on top of each pattern: nothing that could change the meaning of a URL path.
const FORBIDDEN = /[/\\%\s\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]|\.\./;

function isSafe(value: string): boolean {
  return value.length > 0 && value.length <= MAX_ID_LENGTH && !FORBIDDEN.test(value);
}

export type WorkflowIdShape = 'classic' | 'suffixed' | 'uuid';
export interface ParsedWorkflowId {
  id: string;
  /** The Civitai user id that owns the workflow (0 = system). */
  owner: number;
  shape: WorkflowIdShape;
}

const WORKFLOW_ID_SHAPES: ReadonlyArray<[WorkflowIdShape, RegExp]> = [
  ['classic', WORKFLOW_ID_CLASSIC],
  ['suffixed', WORKFLOW_ID_SUFFIXED],
  ['uuid', WORKFLOW_ID_UUID],
];

/** Reads a workflow id; undefined for anything else (including an owner above int4). */
export function parseWorkflowId(value: string): ParsedWorkflowId | undefined {
  if (!isSafe(value)) return undefined;
  for (const [shape, pattern] of WORKFLOW_ID_SHAPES) {
    const match = pattern.exec(value);
    if (!match) continue;
    const owner = Number(match[1]);
    return owner <= MAX_USER_ID ? { id: value, owner, shape } : undefined;
  }
  return undefined;
}

export const isWorkflowId = (value: string): boolean => parseWorkflowId(value) !== undefined;
export const isJobId = (value: string): boolean => isSafe(value) && JOB_ID.test(value);
export const isBlobId = (value: string): boolean =>
  isSafe(value) &&
  (BLOB_ID_CURRENT.test(value) || BLOB_ID_DECIMAL.test(value) || BLOB_ID_HEX.test(value) || BLOB_ID_CUSTOM_COMFY.test(value));
export const isStepName = (value: string): boolean => isSafe(value) && STEP_NAME.test(value);
export const isUserId = (value: string): boolean => USER_ID.test(value) && Number(value) <= MAX_USER_ID;
