import type { Command } from 'commander';
import { openCliContext } from './context.js';
import { failWith, resultOrFail } from './cli-io.js';

/** `retry --all` or `retry ID` (a Cliniko invoice ID or a Xero invoice number). */
export function registerRetry(program: Command): void {
  program
    .command('retry')
    .argument('[id]', 'a Cliniko invoice ID or a Xero invoice number')
    .option('--all', 'every failed and needs-attention record')
    .description('re-queue failed and needs-attention records; the next sync sends them')
    .action(async (id: string | undefined, opts: { all?: boolean }) => {
      if (!opts.all && !id) failWith('Give an invoice (Cliniko ID or Xero invoice number), or --all.');
      if (opts.all && id !== undefined)
        failWith(`Give either an invoice or --all, not both (got "${id}" and --all).`);
      const { service } = await openCliContext('cli');
      try {
        if (opts.all) {
          const r = resultOrFail<'log.retryAll'>(await service.dispatch('log.retryAll', {}));
          process.stdout.write(`${r.requeued} record(s) queued for the next sync.\n`);
          return;
        }
        const wanted = String(id).trim();
        const { rows } = resultOrFail<'log.find'>(await service.dispatch('log.find', { invoice: wanted }));
        if (rows.length === 0)
          failWith(
            `No invoice "${wanted}" in the sync log. Give its Cliniko invoice ID or its Xero invoice number exactly as \`log\` shows them (e.g. \`log --state needs_attention\`).`,
          );
        let requeued = 0;
        for (const r of rows) {
          if (r.state !== 'failed' && r.state !== 'needs_attention') continue;
          resultOrFail<'log.retry'>(await service.dispatch('log.retry', { id: r.id }));
          requeued++;
        }
        process.stdout.write(
          requeued
            ? `${requeued} record(s) of invoice ${wanted} queued for the next sync.\n`
            : `Invoice ${wanted} has nothing to retry (it is not failed or waiting for attention).\n`,
        );
      } finally {
        await service.close();
      }
    });
}
