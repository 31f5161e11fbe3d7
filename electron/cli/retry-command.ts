import type { Command } from 'commander';
import { openCliContext } from './context.js';
import { failWith, resultOrFail } from './cli-io.js';

type RetryOptions = { all?: boolean; link?: boolean; prefix?: string };

/**
 * `retry --all`, `retry ID` (a Cliniko invoice ID or a Xero invoice number), and the two ways out of
 * an invoice number Xero already holds: `retry ID --link` (that Xero invoice is this one) and
 * `retry ID --prefix NEW` (new invoices use another prefix).
 */
export function registerRetry(program: Command): void {
  program
    .command('retry')
    .argument('[id]', 'a Cliniko invoice ID or a Xero invoice number')
    .option('--all', 'every failed and needs-attention record')
    .option('--link', 'adopt the invoice Xero already holds under this number (same contact, date and total)')
    .option('--prefix <prefix>', 'use this invoice prefix for invoices not yet in Xero, then retry')
    .description('re-queue failed and needs-attention records; the next sync sends them')
    .action(async (id: string | undefined, opts: RetryOptions) => {
      if (!opts.all && !id) failWith('Give an invoice (Cliniko ID or Xero invoice number), or --all.');
      if (opts.all && id !== undefined)
        failWith(`Give either an invoice or --all, not both (got "${id}" and --all).`);
      if (opts.link && opts.prefix !== undefined)
        failWith('Give either --link or --prefix, not both: linking keeps the number, a prefix changes it.');
      if (opts.all && (opts.link || opts.prefix !== undefined))
        failWith('--link and --prefix apply to one invoice: give its number instead of --all.');
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
        const invoice = rows.find((r) => r.sourceType === 'invoice');
        if (opts.link) {
          if (!invoice) failWith(`"${wanted}" is not an invoice in the sync log.`);
          resultOrFail<'log.link'>(await service.dispatch('log.link', { id: invoice.id }));
          process.stdout.write(
            `Invoice ${wanted} is now linked to the invoice Xero holds under its number.\n`,
          );
          return;
        }
        if (opts.prefix !== undefined) {
          resultOrFail<'settings.update'>(
            await service.dispatch('settings.update', { patch: { invoicePrefix: opts.prefix } }),
          );
          process.stdout.write(
            `Invoices not yet in Xero now use the prefix "${opts.prefix}"; invoices already in Xero keep their numbers.\n`,
          );
        }
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
