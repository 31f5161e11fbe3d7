import type { Command } from 'commander';
import type { AppStatus } from '../../shared/api.js';
import type { Service } from '../core/service/create-service.js';
import { readRunStatus, type RunStatus } from '../core/service/run-status.js';
import { openCliContext } from './context.js';
import { cliErrorCode, cliErrorText } from './report-error.js';

const WHO: Record<RunStatus['mode'], string> = {
  electron: 'the desktop app',
  serve: '`serve`',
  cli: 'a CLI',
};

/** What the running process is doing now, in one sentence. */
export function describeRunning(r: RunStatus): string {
  const p = r.progress;
  const doing =
    r.status.sync === 'syncing' && p && p.total > 0
      ? `syncing (${p.phase}: ${p.done} of ${p.total}${p.etaSeconds !== null ? `, about ${Math.max(1, Math.round(p.etaSeconds / 60))} min left` : ''})`
      : r.status.sync === 'syncing'
        ? 'syncing'
        : r.status.sync === 'paused'
          ? 'paused'
          : r.status.nextSyncAt
            ? `waiting; next sync at ${r.status.nextSyncAt}`
            : 'waiting';
  return `Running: ${WHO[r.mode]} (pid ${r.pid} on ${r.host}) since ${r.startedAt}: ${doing}.`;
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('show the connections and the sync state (of a running desktop app or `serve` too)')
    .option('--json', 'print the whole status as JSON')
    .action(async (opts: { json?: boolean }) => {
      let service: Service | null = null;
      let own: AppStatus;
      let dataDir: string;
      try {
        const ctx = await openCliContext('cli');
        service = ctx.service;
        dataDir = ctx.dataDir;
        own = await service.status();
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
      // The desktop app or `serve` syncing this folder knows the live state; the counts are the ledger's.
      const running = readRunStatus(dataDir);
      const s: AppStatus = running
        ? {
            ...own,
            health: running.status.health,
            summary: running.status.summary,
            sync: running.status.sync,
            lastSyncAt: running.status.lastSyncAt ?? own.lastSyncAt,
            nextSyncAt: running.status.nextSyncAt,
            pausedUntil: running.status.pausedUntil,
            pauseReason: running.status.pauseReason,
          }
        : own;
      if (opts.json) {
        const out = {
          ...s,
          running: running
            ? {
                mode: running.mode,
                pid: running.pid,
                host: running.host,
                startedAt: running.startedAt,
                updatedAt: running.updatedAt,
                progress: running.progress,
              }
            : null,
        };
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      } else {
        const xero = s.xero.needsReconnect
          ? 'needs reconnecting'
          : s.xero.connected
            ? `connected to "${s.xero.tenantName ?? s.xero.tenantId}"`
            : 'not connected';
        process.stdout.write(
          `${s.summary}\nCliniko: ${s.cliniko.connected ? `connected to "${s.cliniko.account}"` : 'not connected'}\n` +
            `Xero: ${xero}\n` +
            `${running ? describeRunning(running) : 'Not running: no desktop app or `serve` is syncing this data folder.'}\n`,
        );
      }
      await service.close();
    });
}
