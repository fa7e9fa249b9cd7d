/**
 * @module load/walk
 * Lists the files below a folder, in a stable (sorted) order.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}
