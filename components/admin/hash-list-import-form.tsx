'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { mutedVariants } from '@/components/ui/muted';
import { toast } from '@/components/ui/toast';
import { hashListApi, type HashListImportAnswer } from '@/lib/hash-lists/api';
import { describeFailure } from '@/lib/queries/api-error';
import { uploadCsv } from '@/lib/queries/fetch-json';

/**
 * Imports a CSV hash list: the file goes to the server as it is (text/csv), which reads it as it streams in and
 * matches every indexed output against it before it answers. A refused list names its bad lines here.
 */
export function HashListImportForm() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const file = data.get('file');
    if (!(file instanceof File) || file.size === 0) {
      setFailure('Choose a CSV file with `pdq_hex,label[,source]` rows.');
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const imported = await uploadCsv<HashListImportAnswer>(hashListApi.importList(String(data.get('name') ?? '')), file);
      toast.success(`Imported “${imported.name}”: ${imported.entryCount.toLocaleString('en-US')} hashes, ${imported.matchCount} matched output${imported.matchCount === 1 ? '' : 's'}.`);
      form.reset();
      router.refresh();
    } catch (error) {
      const { title, detail } = describeFailure(error);
      setFailure(detail ? `${title} ${detail}` : title);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-3">
      <form onSubmit={submit} className="grid gap-3 sm:grid-cols-4 sm:items-end" aria-label="Import a hash list">
        <div className="space-y-1 sm:col-span-2">
          <Label htmlFor="hash-list-name">List name</Label>
          <Input id="hash-list-name" name="name" required maxLength={100} autoComplete="off" />
        </div>
        <div className="space-y-1 sm:col-span-2">
          <Label htmlFor="hash-list-file">CSV file (pdq_hex,label[,source])</Label>
          <Input id="hash-list-file" name="file" type="file" accept=".csv,text/csv" required />
        </div>
        <Button type="submit" size="sm" disabled={busy} className="sm:col-span-4 sm:w-fit">
          {busy ? 'Importing and matching…' : 'Import list'}
        </Button>
      </form>
      {failure ? (
        <p role="alert" className="text-sm [overflow-wrap:anywhere] text-red-700 dark:text-red-400">
          {failure}
        </p>
      ) : (
        <p className={mutedVariants({ size: 'xs' })}>Up to 1,000,000 rows. A row that is not 64 hex characters and a label refuses the whole file, naming its lines.</p>
      )}
    </div>
  );
}
