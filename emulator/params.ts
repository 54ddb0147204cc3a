/**
 * Query parameters the way ASP.NET Core binds them (contract §1, §7.1): names case-insensitive, arrays as repeated
 * keys, the first value for a scalar, unknown names ignored, unparseable values reported as validation errors.
 */
export class QueryParams {
  private readonly values = new Map<string, string[]>();
  readonly errors: Record<string, string[]> = {};

  constructor(url: URL) {
    for (const [name, value] of url.searchParams) {
      const key = name.toLowerCase();
      const list = this.values.get(key) ?? [];
      list.push(value);
      this.values.set(key, list);
    }
  }

  all(name: string): string[] {
    return this.values.get(name.toLowerCase()) ?? [];
  }

  string(name: string): string | undefined {
    return this.all(name)[0];
  }

  private fail(name: string, value: string): undefined {
    (this.errors[name] ??= []).push(`The value '${value}' is not valid.`);
    return undefined;
  }

  int(name: string): number | undefined {
    const value = this.string(name);
    if (value === undefined || value === '') return undefined;
    return /^[+-]?\d{1,10}$/.test(value.trim()) && Math.abs(Number(value)) <= 2_147_483_647 ? Number(value) : this.fail(name, value);
  }

  bool(name: string): boolean | undefined {
    const value = this.string(name);
    if (value === undefined || value === '') return undefined;
    const lower = value.trim().toLowerCase();
    return lower === 'true' ? true : lower === 'false' ? false : this.fail(name, value);
  }

  /** An instant as (ms, 100 ns ticks); a date without a zone is read as UTC. */
  date(name: string): { ms: number; sub: number } | undefined {
    const value = this.string(name);
    if (value === undefined || value === '') return undefined;
    const match = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,7}))?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(value.trim());
    if (!match) return this.fail(name, value);
    const [, day, time = '00:00:00', fraction = '', zone = 'Z'] = match;
    const ms = Date.parse(`${day}T${time}${zone}`);
    if (Number.isNaN(ms)) return this.fail(name, value);
    const digits = fraction.padEnd(7, '0');
    return { ms: ms + Number(digits.slice(0, 3)), sub: Number(digits.slice(3, 7)) };
  }

  get valid(): boolean {
    return Object.keys(this.errors).length === 0;
  }
}
