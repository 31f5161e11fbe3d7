import type { Command } from 'commander';
import { openCliContext } from './context.js';
import { readStdin, resultOrFail } from './cli-io.js';

/** `alerts test` and `alerts password` (issue 17): email alerts from the command line. */
export function registerAlerts(program: Command): void {
  const alerts = program
    .command('alerts')
    .description('email alerts (SMTP settings are in the settings file)');
  alerts
    .command('test')
    .description('send a test email with the saved alert settings; exit 1 with the reason if it fails')
    .action(async () => {
      const { service } = await openCliContext('cli');
      try {
        const r = resultOrFail<'alerts.test'>(await service.dispatch('alerts.test', {}));
        process.stdout.write(`Test email sent to ${r.to.join(', ')}.\n`);
      } finally {
        await service.close();
      }
    });
  alerts
    .command('password')
    .description('store the SMTP password in the keychain (from SMTP_PASSWORD, else stdin; empty removes it)')
    .action(async () => {
      let password = process.env.SMTP_PASSWORD;
      if (password === undefined) {
        if (process.stdin.isTTY)
          process.stderr.write('Type the SMTP password and press Enter, then Ctrl+D:\n');
        password = (await readStdin()).replace(/\r?\n$/, '');
      }
      const { service } = await openCliContext('cli');
      try {
        const r = resultOrFail<'alerts.setPassword'>(
          await service.dispatch('alerts.setPassword', { password }),
        );
        process.stdout.write(r.passwordSet ? 'SMTP password stored securely.\n' : 'SMTP password removed.\n');
      } finally {
        await service.close();
      }
    });
}
