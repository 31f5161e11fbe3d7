import type { Command } from 'commander';
import { SyncFatal, type CycleSummary } from '../core/sync/engine.js';
import { openCliContext } from './context.js';
import { failWith } from './cli-io.js';

function line(s: CycleSummary): string {
  return JSON.stringify({
    synced: s.synced,
    failed: s.failed,
    needsAttention: s.needsAttention,
    pending: s.pending,
    xeroCalls: s.xeroCalls,
    clinikoCalls: s.clinikoCalls,
    durationMs: s.durationMs,
  });
}

function human(s: CycleSummary): string {
  return (
    `Synced ${s.synced}, pending ${s.pending}, failed ${s.failed}, needing attention ${s.needsAttention} ` +
    `(${s.xeroCalls} Xero calls, ${s.clinikoCalls} Cliniko calls, ${(s.durationMs / 1000).toFixed(1)} s).\n`
  );
}

/**
 * `sync --once [--json]`: one cycle; exit 0 all synced, 2 finished with failed / needs-attention /
 * waiting records, 1 fatal. `sync`: keep polling until SIGINT/SIGTERM (the current write is
 * recorded first), then exit 0.
 */
export function registerSync(program: Command): void {
  program
    .command('sync')
    .description('sync Cliniko to Xero: one cycle with --once, else keep polling until stopped')
    .option('--once', 'run one full cycle and exit (0 synced, 2 problems, 1 fatal)')
    .option('--json', 'with --once: print the summary as JSON (last line)')
    .action(async (opts: { once?: boolean; json?: boolean }) => {
      const { service } = await openCliContext('cli');
      const runtime = service.sync;
      if (opts.once) {
        let summary: CycleSummary;
        try {
          summary = await runtime.engine.runCycle();
        } catch (err) {
          await service.close();
          if (err instanceof SyncFatal) failWith(err.message, 1);
          failWith(`Sync failed: ${err instanceof Error ? err.message : String(err)}`, 1);
        }
        await service.close();
        process.stdout.write(opts.json ? `${line(summary)}\n` : human(summary));
        const problems = summary.failed + summary.needsAttention + summary.pending;
        if (problems > 0) {
          if (!opts.json) process.stderr.write('Some records are not synced: see `log --json`.\n');
          process.exitCode = 2;
        }
        return;
      }
      try {
        await runtime.engine.preconditions();
      } catch (err) {
        await service.close();
        failWith(err instanceof Error ? err.message : String(err), 1);
      }
      const loop = runtime.loop;
      service.bus.on('log.changed', () => undefined);
      const stop = (): void => {
        process.stderr.write('Stopping after the current write…\n');
        void loop.stop().then(async () => {
          await service.close();
          process.exit(0);
        });
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const off = service.bus.on('status.changed', (s) => {
        if (s.sync === 'idle' && s.lastSyncAt)
          process.stdout.write(`${new Date().toISOString()} ${s.summary}\n`);
      });
      loop.start();
      process.stdout.write(
        `Syncing every ${service.settings.get().pollIntervalSeconds} s; Ctrl+C to stop.\n`,
      );
      await new Promise<void>(() => undefined).finally(off);
    });
}
