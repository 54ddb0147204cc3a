/** Limits of the wire (contract §3.1), without zod so browser code can check input against them cheaply. */
export const MAX_TAGS = 10;
export const MAX_TAG_LENGTH = 200;
