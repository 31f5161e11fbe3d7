import type { Command } from 'commander';
import type { CycleSummary } from '../../shared/api.js';
import { requestBackfill } from '../core/sync/backfill.js';
import { isCalendarDate } from '../core/time/local-date.js';
import { openCliContext } from './context.js';
import { failWith, resultOrFail } from './cli-io.js';

/** The issue's exact summary line: these seven keys, nothing else (scripts parse it). */
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
 * `sync --once [--json] [--since DATE] [--max-wait S]`: cycles until every eligible record is synced
 * or needs attention, waiting up to --max-wait (default 120 s) in all for retries and Xero pauses; exit 0
 * all synced, 2 something needs attention or waits longer (the reason is printed), 1 fatal.
 * `--since DATE` asks for history from DATE too (a backfill, kept in the ledger: a restart resumes it). `sync`: keep polling until SIGINT/SIGTERM (the current write is
 * recorded first), then exit 0.
 */
export function registerSync(program: Command): void {
  program
    .command('sync')
    .description('sync Cliniko to Xero: one cycle with --once, else keep polling until stopped')
    .option('--once', 'run one full cycle and exit (0 synced, 2 problems, 1 fatal)')
    .option('--json', 'with --once: print the summary as JSON (last line)')
    .option('--since <date>', 'also send history from this date (YYYY-MM-DD); a restart resumes it')
    .option(
      '--max-wait <seconds>',
      'with --once: the most time spent waiting in all (retries, Xero pauses); beyond it → exit 2 saying why',
      '120',
    )
    .option('--progress', 'print progress (phase, done, total, etaSeconds) as JSON lines on stderr')
    .action(
      async (opts: {
        once?: boolean;
        json?: boolean;
        since?: string;
        maxWait?: string;
        progress?: boolean;
      }) => {
        // Check every argument before anything is opened or written.
        if (opts.since !== undefined && !isCalendarDate(opts.since))
          failWith(`--since must be a date YYYY-MM-DD, not "${opts.since}".`, 1);
        const maxWaitSec = Number(opts.maxWait ?? '120');
        if (
          opts.maxWait !== undefined &&
          (opts.maxWait.trim() === '' || !Number.isFinite(maxWaitSec) || maxWaitSec < 0)
        )
          failWith(`--max-wait must be a number of seconds, not "${opts.maxWait}".`, 1);
        const { service } = await openCliContext('cli');
        if (opts.progress) {
          // The documented line: phase, done, total, etaSeconds (the UI's `text` is not part of it).
          service.bus.on('sync.progress', ({ phase, done, total, etaSeconds }) =>
            process.stderr.write(`progress ${JSON.stringify({ phase, done, total, etaSeconds })}\n`),
          );
        }
        if (opts.once) {
          service.bus.on('sync.waiting', (w) =>
            process.stderr.write(
              w.kind === 'lock'
                ? `Waiting for ${w.holder} to finish syncing this data folder (up to --max-wait ${w.maxWaitSeconds} s)…\n`
                : `Waiting ${w.seconds.toFixed(1)} s: ${w.why}.\n`,
            ),
          );
          const result = resultOrFail<'sync.once'>(
            await service.dispatch('sync.once', {
              maxWaitSeconds: maxWaitSec,
              ...(opts.since !== undefined ? { since: opts.since } : {}),
            }),
          );
          await service.close();
          if (result.exitCode === 1) failWith(result.reason ?? 'Sync failed.', 1);
          process.stdout.write(opts.json ? `${line(result.summary)}\n` : human(result.summary));
          if (result.exitCode !== 0) {
            process.stderr.write(`Not everything is synced: ${result.reason ?? 'see `log --json`.'}\n`);
            process.exitCode = 2;
          }
          return;
        }
        const runtime = service.sync;
        if (opts.since !== undefined) requestBackfill(runtime.ledger, opts.since, new Date());
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
      },
    );
}
