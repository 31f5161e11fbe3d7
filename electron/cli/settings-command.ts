import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { openCliContext } from './context.js';
import { failWith, resultOrFail } from './cli-io.js';

export function registerSettings(program: Command): void {
  const settings = program.command('settings').description('the settings file (mappings, defaults, options)');
  settings
    .command('import')
    .argument('<file>', 'a settings file (version 1 JSON)')
    .description('validate FILE and make it the settings; nothing changes if it is refused')
    .action(async (file: string) => {
      let json: string;
      try {
        json = await readFile(file, 'utf8');
      } catch (err) {
        const code = (err as { code?: string }).code;
        const why =
          code === 'ENOENT'
            ? 'there is no such file'
            : code === 'EISDIR'
              ? 'it is a folder, not a file'
              : code === 'EACCES' || code === 'EPERM'
                ? 'this user may not read it'
                : `it could not be read (${err instanceof Error ? err.message : String(err)})`;
        failWith(`Cannot read the settings file "${file}": ${why}. Check the path and try again.`);
      }
      const { service } = await openCliContext('cli');
      try {
        const r = resultOrFail<'settings.import'>(await service.dispatch('settings.import', { json }));
        process.stdout.write(
          r.ready
            ? 'Settings imported. Sync is ready to run.\n'
            : `Settings imported. Still to set before syncing: ${r.missing.join(', ')}.\n`,
        );
      } finally {
        await service.close();
      }
    });
  settings
    .command('export')
    .description('print the settings file (JSON) on stdout')
    .action(async () => {
      const { service } = await openCliContext('cli');
      try {
        const r = resultOrFail<'settings.export'>(await service.dispatch('settings.export', {}));
        process.stdout.write(r.json);
      } finally {
        await service.close();
      }
    });
}
