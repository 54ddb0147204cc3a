import type { ReactNode } from 'react';
import { CONTEXT_USER_ATTRIBUTE } from '@/components/keyboard/shortcuts';
import { VisibleText } from '@/components/ui/visible-text';
import { ScreenHeader } from './screen-header';

/**
 * The frame of a detail screen (a workflow, a job): the id as the title, a status line, actions, and the Civitai user
 * `g u` opens from here.
 */
export function DetailScreen({
  kind,
  id,
  contextUser,
  description,
  actions,
  children,
}: {
  kind: string;
  id: string;
  contextUser: number | null;
  description: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="mx-auto w-full max-w-[1800px] space-y-6 px-4 py-4" {...{ [CONTEXT_USER_ATTRIBUTE]: contextUser ?? undefined }}>
      <ScreenHeader
        title={
          <>
            <span className="sr-only">{kind} </span>
            <VisibleText text={id} className="font-mono" />
          </>
        }
        description={<span className="flex flex-wrap items-center gap-2">{description}</span>}
        actions={actions}
      />
      {children}
    </div>
  );
}
