import type { AppInfo, AppStatus } from '../../../shared/api.js';
import type { Handlers } from './dispatch.js';

export type AppHandlerDeps = {
  info: () => AppInfo;
  status: () => Promise<AppStatus>;
};

export function appHandlers(deps: AppHandlerDeps): Pick<Handlers, 'app.info' | 'app.status'> {
  return {
    'app.info': () => Promise.resolve(deps.info()),
    'app.status': () => deps.status(),
  };
}
