import type { Command } from 'commander';
import { LOG_STATES, type LogRow } from '../../shared/api.js';
import { openCliContext } from './context.js';
import { failWith, resultOrFail } from './cli-io.js';

/** `log --json [--state S]`: every record (all pages), as the issue's JSON array. */
export function registerLog(program: Command): void {
  program
    .command('log')
    .description('the sync log: every invoice, contact and payment with its state')
    .option('--json', 'print a JSON array')
    .option('--state <state>', `only records in this state (${LOG_STATES.join(', ')})`)
    .action(async (opts: { json?: boolean; state?: string }) => {
      if (opts.state !== undefined && !(LOG_STATES as readonly string[]).includes(opts.state)) {
        failWith(`--state must be one of ${LOG_STATES.join(', ')}.`);
      }
      const { service } = await openCliContext('cli');
      const rows: LogRow[] = [];
      try {
        for (let offset = 0; ; offset += 500) {
          const page = resultOrFail<'log.list'>(
            await service.dispatch('log.list', {
              ...(opts.state ? { state: opts.state } : {}),
              offset,
              limit: 500,
              sort: 'updatedAt',
              dir: 'asc',
            }),
          );
          rows.push(...page.rows);
          if (page.rows.length < 500) break;
        }
      } finally {
        await service.close();
      }
      if (opts.json) {
        const out = rows.map((r) => ({
          sourceType: r.sourceType,
          sourceId: r.sourceId,
          invoiceNumber: r.invoiceNumber,
          state: r.state,
          xeroId: r.xeroId,
          error: r.error,
          attempts: r.attempts,
          updatedAt: r.updatedAt,
          // Added in issue 16 (after the original keys, so positional readers keep working).
          patientName: r.patientName,
          issueDate: r.issueDate,
          totalCents: r.totalCents,
          xeroUrl: r.xeroUrl,
        }));
        process.stdout.write(`${JSON.stringify(out)}\n`);
        return;
      }
      for (const r of rows) {
        process.stdout.write(
          `${r.state.padEnd(16)} ${r.sourceType.padEnd(8)} ${(r.invoiceNumber ?? r.sourceId).padEnd(22)} ${r.error ?? ''}\n`,
        );
      }
    });
}
