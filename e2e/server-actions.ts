import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { routeFromDirectory } from '../test/routes';

/** The build's Server Actions, as an attacker learns them from the pages (faults-actions and security specs). */

const DIST_DIR = process.env.NEXT_DIST_DIR || '.next';

interface ServerAction {
  id: string;
  name: string;
  /** A page that can invoke it. */
  path: string;
}

export function serverActions(): ServerAction[] {
  const manifest = JSON.parse(readFileSync(join(DIST_DIR, 'server', 'server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { exportedName?: string; workers: Record<string, unknown> }>;
  };
  return Object.entries(manifest.node).map(([id, entry]) => {
    // A page (or layout) that imports the action: `app/(console)/admin/users/page` → its folder.
    const worker = Object.keys(entry.workers)[0]!;
    const directory = worker.replace(/^app\/?/, '').replace(/\/?(page|layout)$/, '');
    return { id, name: entry.exportedName ?? id, path: routeFromDirectory(directory).path };
  });
}
