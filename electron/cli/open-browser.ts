import { spawn } from 'node:child_process';

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
