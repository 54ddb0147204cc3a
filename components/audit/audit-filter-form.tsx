import Link from 'next/link';
import { buttonVariants } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Select } from '@/components/ui/select';
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES } from '@/lib/audit/filter';

export type AuditFilterValues = Partial<Record<'actor' | 'action' | 'targetType' | 'targetId' | 'from' | 'to', string>>;

/** A plain GET form: the filter lives in the address, so a view of the log can be shared and reloaded. */
export function AuditFilterForm({ values, exportHref }: { values: AuditFilterValues; exportHref: string }) {
  const day = (value: string | undefined) => value?.slice(0, 10) ?? '';
  return (
    <form method="get" action="/audit" className="grid gap-3 sm:grid-cols-3 lg:grid-cols-7 lg:items-end" aria-label="Filter the audit log">
      <div className="space-y-1 lg:col-span-2">
        <Label htmlFor="audit-actor">Moderator (email or user id)</Label>
        <Input id="audit-actor" name="actor" defaultValue={values.actor ?? ''} placeholder="mia@example.com" />
      </div>
      <ChoiceField id="audit-action" name="action" label="Action" anyLabel="Any action" choices={AUDIT_ACTIONS} value={values.action} />
      <ChoiceField id="audit-target-type" name="targetType" label="Target type" anyLabel="Any target" choices={AUDIT_TARGET_TYPES} value={values.targetType} />
      <div className="space-y-1">
        <Label htmlFor="audit-target-id">Target id</Label>
        <Input id="audit-target-id" name="targetId" defaultValue={values.targetId ?? ''} />
      </div>
      <div className="space-y-1">
        <Label htmlFor="audit-from">From (UTC day)</Label>
        <Input id="audit-from" name="from" type="date" defaultValue={day(values.from)} />
      </div>
      <div className="space-y-1">
        <Label htmlFor="audit-to">To (UTC day)</Label>
        <Input id="audit-to" name="to" type="date" defaultValue={day(values.to)} />
      </div>
      <div className="flex flex-wrap gap-2 sm:col-span-3 lg:col-span-7">
        <button type="submit" className={buttonVariants({ size: 'sm' })}>
          Filter
        </button>
        <Link href="/audit" className={buttonVariants({ variant: 'secondary', size: 'sm' })}>
          Clear
        </Link>
        {/* A download, not a page: the browser must not prefetch it (an export is audited). */}
        <a href={exportHref} className={buttonVariants({ variant: 'secondary', size: 'sm' })} download>
          Export CSV
        </a>
      </div>
    </form>
  );
}

function ChoiceField(props: { id: string; name: string; label: string; anyLabel: string; choices: readonly string[]; value: string | undefined }) {
  return (
    <div className="space-y-1">
      <Label htmlFor={props.id}>{props.label}</Label>
      <Select id={props.id} name={props.name} defaultValue={props.value ?? ''}>
        <option value="">{props.anyLabel}</option>
        {props.choices.map((choice) => (
          <option key={choice} value={choice}>
            {choice}
          </option>
        ))}
      </Select>
    </div>
  );
}
