#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { appVersion } from './core/package-root.js';
import { CliFailure } from './cli/cli-io.js';
import { cliErrorText } from './cli/report-error.js';
import { commandLoaders, commandsToLoad, type Register } from './cli/commands.js';

/**
 * clinic-xero-sync's command line: the same core as the desktop app, for scripting and for an
 * always-on back-office machine. Exit codes: 0 done, 1 fatal, 2 finished with problems (sync).
 * `argv` is process.argv (node, script, …args); only the commands it needs are loaded.
 */
export async function buildProgram(argv: readonly string[] = process.argv): Promise<Command> {
  const program = new Command()
    .name('clinic-xero-sync')
    .description('Keeps Xero in step with Cliniko: invoices, contacts and payments, exactly once.')
    .version(appVersion(), '-v, --version', 'print the version')
    .showHelpAfterError()
    .exitOverride();
  const names = commandsToLoad(argv.slice(2));
  const registers = await Promise.all(names.map((n) => (commandLoaders[n] as () => Promise<Register>)()));
  for (const register of registers) register(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  try {
    await (await buildProgram(argv)).parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) process.exit(err.exitCode);
    process.stderr.write(`${cliErrorText(err)}\n`);
    process.exit(err instanceof CliFailure ? err.exitCode : 1);
  }
}

void main(process.argv);
