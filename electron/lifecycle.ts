/**
 * Quitting for real: the first `before-quit` is held back while the core stops (it finishes and
 * records the write in flight, then closes the ledger); then the quit goes ahead. A core that does
 * not stop within `timeoutMs` is abandoned rather than leaving a zombie app in the tray: its ledger
 * is transactional, so an interrupted write is retried on the next start.
 */
export type QuittingApp = {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
};

export type QuitController = {
  /** True from the moment a quit was asked for: the window's close handler then lets it close. */
  isQuitting(): boolean;
  /** What the tray's Quit calls. */
  quit(): void;
};

export function createQuitController(
  app: QuittingApp,
  stopCore: () => Promise<void>,
  opts: { timeoutMs?: number; log?: (message: string, err?: unknown) => void } = {},
): QuitController {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  let quitting = false;
  let stopped = false;
  let stopping: Promise<void> | null = null;
  app.on('before-quit', (event) => {
    quitting = true;
    if (stopped) return;
    event.preventDefault();
    if (stopping) return;
    stopping = (async () => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      try {
        const outcome = await Promise.race([stopCore().then(() => 'stopped' as const), timeout]);
        if (outcome === 'timeout')
          opts.log?.(`The core did not stop within ${timeoutMs} ms; quitting anyway.`);
      } catch (err) {
        opts.log?.('Stopping the core failed; quitting anyway.', err);
      } finally {
        clearTimeout(timer);
        stopped = true;
        app.quit();
      }
    })();
  });
  return {
    isQuitting: () => quitting,
    quit: () => {
      quitting = true;
      app.quit();
    },
  };
}
