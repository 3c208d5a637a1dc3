import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

export interface SwiftFolders {
  inbox: string;
  outbox: string;
  processed: string;
  quarantine: string;
}

export function swiftFolders(inbox: string, outbox: string): SwiftFolders {
  return { inbox, outbox, processed: join(inbox, 'processed'), quarantine: join(inbox, 'quarantine') };
}

export async function ensureFolders(f: SwiftFolders): Promise<void> {
  await Promise.all([f.inbox, f.outbox, f.processed, f.quarantine].map((d) => mkdir(d, { recursive: true })));
}

/** Write to a temporary name and rename: a reader never sees half a message. */
export async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.tmp`;
  await writeFile(temporary, text, 'utf8');
  await rename(temporary, path);
}

/** Message files waiting in the inbox, oldest name first; temp and hidden files are skipped. */
export async function listInbox(inbox: string): Promise<string[]> {
  const entries = await readdir(inbox, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith('.') && !e.name.endsWith('.tmp'))
    .map((e) => join(inbox, e.name))
    .sort();
}

export async function moveInto(file: string, folder: string): Promise<void> {
  await rename(file, join(folder, basename(file)));
}

/** Moves a file the worker cannot use to quarantine/ with the reason beside it (`<file>.error.txt`). */
export async function quarantineFile(file: string, folder: string, reason: string): Promise<void> {
  await writeFile(join(folder, `${basename(file)}.error.txt`), `${reason}\n`, 'utf8');
  await moveInto(file, folder);
}
