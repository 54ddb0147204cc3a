import { Disclosure } from './disclosure';
import { TruncatedText } from './truncated-text';

/** Raw JSON, collapsed, shown as escaped text; very large documents are truncated with "show all". */
export function JsonView({ value, summary }: { value: unknown; summary: string }) {
  const text = JSON.stringify(value, null, 2) ?? 'undefined';
  return (
    <Disclosure summary={summary}>
      <pre className="max-h-[32rem] overflow-auto font-mono text-xs">
        <TruncatedText text={text} limit={20_000} moreLabel="Show all" />
      </pre>
    </Disclosure>
  );
}
