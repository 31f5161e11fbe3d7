import { mkdir } from 'node:fs/promises';
import { dataDir } from '../core/paths.js';
import { openSecretStore } from '../core/secrets/open-secret-store.js';
import { createService, type Service } from '../core/service/create-service.js';
import { openInBrowser } from './open-browser.js';
import { cliErrorText } from './report-error.js';

export type CliContext = { dataDir: string; service: Service };

/** Opens the core for one CLI invocation: data folder, secret store (no silent fallback), service. */
export async function openCliContext(mode: 'cli' | 'serve'): Promise<CliContext> {
  const dir = dataDir();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const secrets = await openSecretStore({
    dataDir: dir,
    warn: (m) => process.stderr.write(`Warning: ${m}\n`),
  });
  const service = createService({
    mode,
    dataDir: dir,
    secrets,
    // The platform's opener; CXS_BROWSER=none only prints (the commands always print the URL).
    openExternal: async (url) => {
      await openInBrowser(url);
    },
    logError: (message, err) => process.stderr.write(`${message}: ${cliErrorText(err)}\n`),
  });
  return { dataDir: dir, service };
}
