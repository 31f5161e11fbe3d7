import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Opens a URL in the user's default browser with the platform's own opener. CXS_BROWSER=none only
 * prints it (headless machines, tests); any other CXS_BROWSER value is used as the command.
 */
export function openInBrowser(url: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const choice = env.CXS_BROWSER;
  if (choice === 'none') return Promise.resolve(false);
  const [cmd, args] =
    choice && choice.length > 0
      ? [choice, [url]]
      : process.platform === 'darwin'
        ? ['open', [url]]
        : process.platform === 'win32'
          ? ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]]
          : ['xdg-open', [url]];
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.once('error', () => resolve(false));
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}

/**
 * Opens a URL that carries a secret (the `serve` session token) without putting it on the opener's
 * command line, where every user of the machine can read it (`ps`). The browser is given a file
 * readable only by this user, in a private folder, that forwards to the URL; the file is removed
 * by `dispose()` (when `serve` stops) or after `keepMs`.
 */
export async function openSecretUrlInBrowser(
  url: string,
  env: NodeJS.ProcessEnv = process.env,
  keepMs = 10 * 60_000,
): Promise<{ opened: boolean; launcher: string | null; dispose(): Promise<void> }> {
  if (env.CXS_BROWSER === 'none') return { opened: false, launcher: null, dispose: () => Promise.resolve() };
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cxs-open-'));
  const launcher = path.join(dir, 'open-clinic-xero-sync.html');
  const href = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  await writeFile(
    launcher,
    `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${href}">` +
      `<meta name="referrer" content="no-referrer"><title>clinic-xero-sync</title>` +
      `<p><a href="${href}">Open clinic-xero-sync</a></p>\n`,
    { mode: 0o600 },
  );
  const dispose = (): Promise<void> => rm(dir, { recursive: true, force: true });
  setTimeout(() => void dispose(), keepMs).unref();
  const opened = await openInBrowser(pathToFileURL(launcher).href, env);
  return { opened, launcher, dispose };
}
