import type { Command } from 'commander';
import type { AppStatus } from '../../shared/api.js';
import type { Service } from '../core/service/create-service.js';
import { openCliContext } from './context.js';
import { cliErrorCode, cliErrorText } from './report-error.js';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('show the connections and sync state')
    .option('--json', 'print the whole status as JSON')
    .action(async (opts: { json?: boolean }) => {
      let service: Service | null = null;
      let s: AppStatus;
      try {
        service = (await openCliContext('cli')).service;
        s = await service.status();
      } catch (err) {
        if (!opts.json) throw err;
        // Scripts parse stdout: even when the keychain (or anything else) fails, they get JSON,
        // with the reason inside it, and the exit code says it failed.
        const message = cliErrorText(err);
        const out = { health: null, summary: message, error: { code: cliErrorCode(err), message } };
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
        process.exitCode = 1;
        await service?.close();
        return;
      }
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
      } else {
        const xero = s.xero.needsReconnect
          ? 'needs reconnecting'
          : s.xero.connected
            ? `connected to "${s.xero.tenantName ?? s.xero.tenantId}"`
            : 'not connected';
        process.stdout.write(
          `${s.summary}\nCliniko: ${s.cliniko.connected ? `connected to "${s.cliniko.account}"` : 'not connected'}\n` +
            `Xero: ${xero}\n`,
        );
      }
      await service.close();
    });
}
