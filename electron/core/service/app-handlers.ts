import { mkdir } from 'node:fs/promises';
import type { AppInfo, AppStatus } from '../../../shared/api.js';
import type { OpenPath } from '../ports.js';
import type { Handlers } from './dispatch.js';

export type AppHandlerDeps = {
  info: () => AppInfo;
  status: () => Promise<AppStatus>;
  /** The rotating log files' folder (`<dataDir>/logs`). */
  logsDir: string;
  /** Absent where nothing can open a folder (CLI, `serve`): the UI then shows the path. */
  openPath?: OpenPath;
};

export function appHandlers(
  deps: AppHandlerDeps,
): Pick<Handlers, 'app.info' | 'app.status' | 'app.openLogsFolder'> {
  return {
    'app.info': () => Promise.resolve(deps.info()),
    'app.status': () => deps.status(),
    'app.openLogsFolder': async () => {
      await mkdir(deps.logsDir, { recursive: true });
      if (!deps.openPath) return { path: deps.logsDir, opened: false };
      await deps.openPath(deps.logsDir);
      return { path: deps.logsDir, opened: true };
    },
  };
}
