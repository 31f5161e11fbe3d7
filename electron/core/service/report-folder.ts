/**
 * The watched payments folder (settings `payments.folder`): staff export the day's report into it
 * and the running app imports each new `.csv` by itself, then moves it to `imported/` beside it, so
 * the folder shows at a glance what is still waiting. A file that cannot be read as a report at all
 * stays where it is and is reported once (per name and modification time), never retried in a loop.
 */
import { mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';

export const IMPORTED_DIR = 'imported';
/** A file still being written by the export is left for the next scan. */
const SETTLE_MS = 2_000;

export type FolderImport = (file: { name: string; text: string }) => { accepted: number; refused: number };

export type FolderScan = {
  imported: { file: string; accepted: number; refused: number; movedTo: string }[];
  failed: { file: string; message: string }[];
};

async function freeName(dir: string, name: string): Promise<string> {
  const ext = path.extname(name);
  const base = name.slice(0, name.length - ext.length);
  for (let i = 0; ; i++) {
    const candidate = path.join(dir, i === 0 ? name : `${base} (${i + 1})${ext}`);
    try {
      await stat(candidate);
    } catch {
      return candidate;
    }
  }
}

export class ReportFolderWatcher {
  readonly #reported = new Set<string>();

  constructor(
    readonly importFile: FolderImport,
    readonly now: () => Date = () => new Date(),
  ) {}

  /** Imports every settled `.csv` directly in `folder`. */
  async scan(folder: string): Promise<FolderScan> {
    const out: FolderScan = { imported: [], failed: [] };
    let names: string[];
    try {
      names = (await readdir(folder, { withFileTypes: true }))
        .filter((d) => d.isFile() && d.name.toLowerCase().endsWith('.csv'))
        .map((d) => d.name)
        .sort();
    } catch (err) {
      const key = `folder:${folder}`;
      if (!this.#reported.has(key)) {
        this.#reported.add(key);
        const code = (err as { code?: string }).code;
        out.failed.push({
          file: folder,
          message: `The payments folder "${folder}" cannot be read (${code ?? 'error'}). Check it exists, or change it in Settings.`,
        });
      }
      return out;
    }
    this.#reported.delete(`folder:${folder}`);
    for (const name of names) {
      const file = path.join(folder, name);
      const st = await stat(file);
      if (this.now().getTime() - st.mtimeMs < SETTLE_MS) continue;
      const key = `${file}@${st.mtimeMs}`;
      if (this.#reported.has(key)) continue;
      try {
        const r = this.importFile({ name, text: await readFile(file, 'utf8') });
        const dir = path.join(folder, IMPORTED_DIR);
        await mkdir(dir, { recursive: true });
        const movedTo = await freeName(dir, name);
        await rename(file, movedTo);
        out.imported.push({ file: name, ...r, movedTo });
      } catch (err) {
        this.#reported.add(key);
        out.failed.push({ file: name, message: err instanceof Error ? err.message : String(err) });
      }
    }
    return out;
  }
}
