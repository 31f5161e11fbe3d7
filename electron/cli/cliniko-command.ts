import type { Command } from 'commander';
import { openCliContext } from './context.js';
import { failWith, readStdin, resultOrFail } from './cli-io.js';

export function registerCliniko(program: Command): void {
  const cliniko = program.command('cliniko').description('the Cliniko connection');
  cliniko
    .command('connect')
    .description(
      'check a Cliniko API key and store it in the keychain (key from CLINIKO_API_KEY, else stdin)',
    )
    .action(async () => {
      let key = process.env.CLINIKO_API_KEY?.trim() ?? '';
      if (!key) {
        if (process.stdin.isTTY)
          process.stderr.write('Paste your Cliniko API key and press Enter, then Ctrl+D:\n');
        key = (await readStdin()).trim();
      }
      if (!key) failWith('No Cliniko API key: set CLINIKO_API_KEY or pipe the key on stdin.');
      const { service } = await openCliContext('cli');
      const r = resultOrFail<'cliniko.connect'>(await service.dispatch('cliniko.connect', { apiKey: key }));
      process.stdout.write(
        `Connected to Cliniko account "${r.account}"${r.user ? ` as ${r.user}` : ''}. The key is stored securely.\n`,
      );
      await service.close();
    });
  cliniko
    .command('disconnect')
    .description('forget the Cliniko API key')
    .action(async () => {
      const { service } = await openCliContext('cli');
      const r = resultOrFail<'cliniko.disconnect'>(await service.dispatch('cliniko.disconnect', {}));
      process.stdout.write(r.disconnected ? 'Cliniko disconnected.\n' : 'Cliniko was not connected.\n');
      await service.close();
    });
}
