import { z } from 'zod';
import { isInvisible } from '@/lib/text/invisible';

/** What the hash-list routes accept: the import's list name (query) and a list's id (path). */

export const hashListImportQuery = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'give the list a name')
    .max(100, 'at most 100 characters')
    .refine((text) => ![...text].some((char) => isInvisible(char.codePointAt(0)!)), 'cannot contain control or invisible formatting characters'),
});

export const hashListIdParams = z.object({ id: z.uuid('not a hash list id') });
