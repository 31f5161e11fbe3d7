/**
 * One copy of the app per user: a second launch hands over to the first (which shows its window)
 * and exits. Electron's `app` is a parameter so tests pass a fake.
 */
export type SingleInstanceApp = {
  requestSingleInstanceLock(): boolean;
  quit(): void;
  on(event: 'second-instance', listener: (event: unknown, argv: string[]) => void): unknown;
};

/**
 * Returns false in a second instance (which is asked to quit and must not start anything); in the
 * first, `onSecondLaunch` runs for every later launch, with that launch's command line.
 */
export function claimSingleInstance(
  app: SingleInstanceApp,
  onSecondLaunch: (argv: string[]) => void,
): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', (_event, argv) => onSecondLaunch(argv));
  return true;
}
