import type { Command } from 'commander';
import { startHttpTransport } from '../core/http/serve.js';
import { rendererDir } from '../core/package-root.js';
import { openCliContext } from './context.js';
import { openSecretUrlInBrowser } from './open-browser.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the app UI on http://127.0.0.1:PORT for a browser (loopback only)')
    .option('--port <port>', 'port to listen on (0 = any free port)', '0')
    .option('--no-sync', 'serve the UI only; do not sync in the background')
    .action(async (opts: { port: string; sync: boolean }) => {
      const port = Number.parseInt(opts.port, 10);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new Error(`--port must be a number from 0 to 65535, not "${opts.port}".`);
      }
      const { service } = await openCliContext('serve');
      const http = await startHttpTransport({ service, staticDir: rendererDir(), port });
      // The token travels in the fragment, which browsers never send to a server or a proxy log.
      const address = `${http.url}#token=${http.token}`;
      process.stdout.write(`clinic-xero-sync is serving on ${address}\n`);
      process.stdout.write('Open that address in a browser on this machine. Press Ctrl+C to stop.\n');
      // Never `xdg-open URL#token=…`: a command line is visible to every user of the machine.
      const launch = await openSecretUrlInBrowser(address);
      // A back-office machine runs `serve` all day: it syncs like the desktop app does.
      if (opts.sync) service.syncInBackground();
      const stop = (): void => {
        void launch
          .dispose()
          .then(() => http.close())
          .then(() => service.close())
          .then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
