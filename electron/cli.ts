#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { appVersion } from './core/package-root.js';
import { CliFailure } from './cli/cli-io.js';
import { cliErrorText } from './cli/report-error.js';
import { registerCliniko } from './cli/cliniko-command.js';
import { registerServe } from './cli/serve-command.js';
import { registerStatus } from './cli/status-command.js';
import { registerXero } from './cli/xero-command.js';
import { registerLog } from './cli/log-command.js';
import { registerRetry } from './cli/retry-command.js';
import { registerSettings } from './cli/settings-command.js';
import { registerSync } from './cli/sync-command.js';
import { registerPayments } from './cli/payments-command.js';
import { registerAlerts } from './cli/alerts-command.js';

/**
 * clinic-xero-sync's command line: the same core as the desktop app, for scripting and for an
 * always-on back-office machine. Exit codes: 0 done, 1 fatal, 2 finished with problems (sync).
 */
export function buildProgram(): Command {
  const program = new Command()
    .name('clinic-xero-sync')
    .description('Keeps Xero in step with Cliniko: invoices, contacts and payments, exactly once.')
    .version(appVersion(), '-v, --version', 'print the version')
    .showHelpAfterError()
    .exitOverride();
  registerServe(program);
  registerStatus(program);
  registerCliniko(program);
  registerXero(program);
  registerSettings(program);
  registerSync(program);
  registerLog(program);
  registerRetry(program);
  registerPayments(program);
  registerAlerts(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) process.exit(err.exitCode);
    process.stderr.write(`${cliErrorText(err)}\n`);
    process.exit(err instanceof CliFailure ? err.exitCode : 1);
  }
}

void main(process.argv);
