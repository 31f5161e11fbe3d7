import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { commandLoaders, commandsToLoad } from './commands.js';

describe('lazy CLI commands', () => {
  it('loads no command module for --version, only the named one for a command', () => {
    expect(commandsToLoad(['--version'])).toEqual([]);
    expect(commandsToLoad(['-v'])).toEqual([]);
    expect(commandsToLoad(['status', '--json'])).toEqual(['status']);
    expect(commandsToLoad(['sync', '--once', '--since', '2024-01-01'])).toEqual(['sync']);
    expect(commandsToLoad(['xero', 'connect'])).toEqual(['xero']);
    expect(commandsToLoad(['log', '--help'])).toEqual(['log']);
  });

  it('loads every command where commander must list or suggest them', () => {
    const all = Object.keys(commandLoaders);
    expect(commandsToLoad([])).toEqual(all);
    expect(commandsToLoad(['--help'])).toEqual(all);
    expect(commandsToLoad(['help', 'sync'])).toEqual(all);
    expect(commandsToLoad(['sycn'])).toEqual(all);
    // `-v` after an unknown word is not a version request.
    expect(commandsToLoad(['nope', '-v'])).toEqual(all);
  });

  it('each loader registers exactly the command it is named for', async () => {
    for (const [name, load] of Object.entries(commandLoaders)) {
      const program = new Command();
      (await load())(program);
      expect(program.commands.map((c) => c.name())).toEqual([name]);
    }
  }, 300_000);
});
