import type { Command } from 'commander';

export type Register = (program: Command) => void;

/**
 * Every top-level command and how to load it. A command's module (and everything it imports: the
 * core, xero-node, SQLite) loads only when that command runs, so `--version`, `--help` on one
 * command and quick commands do not pay for the others. Order here is the order in `--help`.
 */
export const commandLoaders: Readonly<Record<string, () => Promise<Register>>> = {
  serve: async () => (await import('./serve-command.js')).registerServe,
  status: async () => (await import('./status-command.js')).registerStatus,
  cliniko: async () => (await import('./cliniko-command.js')).registerCliniko,
  xero: async () => (await import('./xero-command.js')).registerXero,
  settings: async () => (await import('./settings-command.js')).registerSettings,
  sync: async () => (await import('./sync-command.js')).registerSync,
  log: async () => (await import('./log-command.js')).registerLog,
  retry: async () => (await import('./retry-command.js')).registerRetry,
  payments: async () => (await import('./payments-command.js')).registerPayments,
  alerts: async () => (await import('./alerts-command.js')).registerAlerts,
};

/**
 * The command names to load for these arguments: the one named (the first word that is not an
 * option), none for `--version`, every one otherwise (`--help`, `help X`, no or an unknown
 * command: commander then lists or suggests them all).
 */
export function commandsToLoad(args: readonly string[]): string[] {
  const first = args.find((a) => !a.startsWith('-'));
  if (first !== undefined && Object.hasOwn(commandLoaders, first)) return [first];
  if (first === undefined && args.some((a) => a === '-v' || a === '--version')) return [];
  return Object.keys(commandLoaders);
}
