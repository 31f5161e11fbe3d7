import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { openCliContext } from './context.js';
import { failWith, resultOrFail } from './cli-io.js';

async function readReport(file: string): Promise<{ name: string; text: string }> {
  try {
    return { name: path.basename(file), text: await readFile(file, 'utf8') };
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
    return failWith(`Cannot read the payments report "${file}": ${why}. Check the path and try again.`);
  }
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function registerPayments(program: Command): void {
  const payments = program.command('payments').description("Cliniko's payments report (exact payments)");
  payments
    .command('import')
    .argument('<files...>', 'payments report CSV files, as exported from Cliniko')
    .option('--json', 'end with one JSON line {"rows","accepted","refused","days"}')
    .description(
      'read payments reports with the saved columns and record them; for the days each file covers it ' +
        'replaces what earlier imports said; nothing is sent to Xero until the next sync',
    )
    .action(async (files: string[], opts: { json?: boolean }) => {
      const reports = [];
      for (const f of files) reports.push(await readReport(f));
      const { service } = await openCliContext('cli');
      try {
        const r = resultOrFail<'payments.import'>(
          await service.dispatch('payments.import', { files: reports }),
        );
        for (const x of r.refusals) process.stderr.write(`${x.file}: line ${x.line}: ${x.reason}\n`);
        if (opts.json) {
          const { rows, accepted, refused, days } = r;
          process.stdout.write(`${JSON.stringify({ rows, accepted, refused, days })}\n`);
        } else {
          const changed = r.files.reduce((n, f) => n + f.added + f.removed, 0);
          process.stdout.write(
            `Read ${plural(r.rows, 'row')}: ${r.accepted} accepted on ${plural(r.days, 'day')}, ${r.refused} refused. ` +
              (changed === 0
                ? 'Nothing changed since the last import of these days.\n'
                : 'The next sync sends the changes to Xero.\n'),
          );
        }
        if (r.refused > 0) process.exitCode = 2;
      } finally {
        await service.close();
      }
    });
}
