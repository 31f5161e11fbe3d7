import type { Command } from 'commander';
import { openCliContext } from './context.js';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('show the connections and sync state')
    .option('--json', 'print the whole status as JSON')
    .action(async (opts: { json?: boolean }) => {
      const { service } = await openCliContext('cli');
      const s = await service.status();
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
