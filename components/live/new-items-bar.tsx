'use client';

import { Button } from '@/components/ui/button';

/** "3 new — Show": new matching items wait here until the moderator takes them, so nothing moves under their eyes. */
export function NewItemsBar({ count, what, onShow }: { count: number; what: string; onShow: () => void }) {
  if (count === 0) return null;
  return (
    <div role="status" data-testid="new-items" className="flex items-center gap-3 rounded-md border border-sky-300 bg-sky-50 px-3 py-2 text-sm dark:border-sky-800 dark:bg-sky-950">
      <span>
        {count} new {count === 1 ? what : `${what}s`}
      </span>
      <Button size="sm" variant="secondary" onClick={onShow}>
        Show
      </Button>
    </div>
  );
}
