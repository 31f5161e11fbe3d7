import type { SettingsView } from '../../../shared/api.js';
import { isSyncReady, type Settings } from '../../../shared/settings.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { Handlers } from './dispatch.js';

export function settingsView(settings: Settings): SettingsView {
  const { ready, missing } = isSyncReady(settings);
  return { settings, ready, missing };
}

/** settings.get / update / import / export over the SettingsStore (refused writes change nothing). */
export function settingsHandlers(
  store: SettingsStore,
  onChanged: () => void,
): Pick<Handlers, 'settings.get' | 'settings.update' | 'settings.import' | 'settings.export'> {
  return {
    'settings.get': () => Promise.resolve(settingsView(store.get())),
    'settings.update': ({ patch }) => {
      const s = store.update(patch);
      onChanged();
      return Promise.resolve(settingsView(s));
    },
    'settings.import': ({ json }) => {
      const s = store.importJson(json);
      onChanged();
      return Promise.resolve(settingsView(s));
    },
    'settings.export': () => Promise.resolve({ json: store.exportJson() }),
  };
}
