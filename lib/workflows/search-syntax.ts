import { STATUS_FILTERS, type StatusFilter, type WorkflowFilters, type WorkflowOrder } from './filters';

/**
 * The one search bar understands a few prefixes so a moderator can type a whole search at once:
 *   user:<id>     end user (the integrator's `user:<id>` tag)
 *   owner:<id>    Civitai user id (also uid:<id>)
 *   tag:<tag>     a tag, added to the AND list (quote it when it holds spaces: tag:"my tag")
 *   status:<s>    exact status
 *   from:<date>   to:<date>   UTC dates (YYYY-MM-DD = the whole day)
 *   order:oldest  order:newest
 * Everything else is metadata text. Pure, so the bar and its tests share it.
 */

export interface ParsedSearch {
  changes: Partial<WorkflowFilters>;
  /** Tags to add to those already chosen. */
  addTags: string[];
  /** Tokens with a known prefix but a value the console would refuse, with the reason. */
  problems: string[];
}

const TOKEN = /(\w+):"([^"]*)"|(\S+)/g;

export function parseSearch(input: string): ParsedSearch {
  const changes: Partial<WorkflowFilters> = {};
  const addTags: string[] = [];
  const problems: string[] = [];
  const text: string[] = [];

  for (const match of input.matchAll(TOKEN)) {
    const [whole, quotedKey, quotedValue, bare] = match;
    let key: string | undefined;
    let value: string;
    if (quotedKey !== undefined) {
      key = quotedKey.toLowerCase();
      value = quotedValue ?? '';
    } else {
      const colon = bare!.indexOf(':');
      key = colon > 0 ? bare!.slice(0, colon).toLowerCase() : undefined;
      value = colon > 0 ? bare!.slice(colon + 1) : bare!;
    }
    switch (key) {
      case 'user':
        if (isDigits(value)) changes.endUser = value;
        else problems.push(`user:${value} — an end-user id is ASCII digits`);
        break;
      case 'owner':
      case 'uid':
        if (isDigits(value)) changes.userId = value;
        else problems.push(`${key}:${value} — a Civitai user id is ASCII digits`);
        break;
      case 'tag':
        if (value) addTags.push(value);
        break;
      case 'status':
        if ((STATUS_FILTERS as readonly string[]).includes(value.toLowerCase())) changes.status = value.toLowerCase() as StatusFilter;
        else problems.push(`status:${value} — use one of ${STATUS_FILTERS.join(', ')}`);
        break;
      case 'from':
      case 'to':
        if (isDateLike(value)) changes[key] = value;
        else problems.push(`${key}:${value} — use a UTC date such as 2026-01-21`);
        break;
      case 'order':
        if (value === 'oldest' || value === 'newest') changes.order = value as WorkflowOrder;
        else problems.push(`order:${value} — use oldest or newest`);
        break;
      default:
        text.push(whole);
    }
  }
  changes.q = text.join(' ');
  return { changes, addTags, problems };
}

/** ASCII digits only: full-width digits (F-03) are refused rather than silently converted. */
function isDigits(value: string): boolean {
  return /^\d{1,10}$/.test(value);
}

function isDateLike(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/.test(value) && !Number.isNaN(Date.parse(value));
}
