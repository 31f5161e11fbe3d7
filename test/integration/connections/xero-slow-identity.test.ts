import { afterEach, describe, expect, it, vi } from 'vitest';
import type { XeroConnectResult } from '../../../shared/api.js';
import { cleanup, openService, playBrowser, privatePorts, startSims, tempDataDir } from './helpers.js';
import { patiently } from '../../support/waits.js';

afterEach(cleanup);

/**
 * openid-client gives up on a request after 3.5 s by default. A slow identity server (or a clinic
 * PC busy with something else; CI with its cores busy) then failed "Connect to Xero" with
 * "outgoing request timed out after 3500ms", though Xero answered.
 */
describe('Connect to Xero when Xero Identity is slow to answer', () => {
  it('still connects when every identity answer takes 4 s', async () => {
    const ports = privatePorts([24_411, 24_412, 24_413]);
    const { xero, env } = await startSims({ redirectUris: ports.redirectUris, latencyMs: 4_000 });
    const service = openService(await tempDataDir(), { ...env, ...ports.env });
    try {
      const results: XeroConnectResult[] = [];
      service.bus.on('xero.connect.result', (r) => results.push(r));
      const started = await service.dispatch('xero.connect', {});
      if (!started.ok) throw new Error(started.error.message);
      await playBrowser(xero, (started.result as { authorizeUrl: string }).authorizeUrl);
      await vi.waitFor(() => expect(results).toHaveLength(1), patiently);
      expect(results[0]).toMatchObject({ ok: true });
    } finally {
      await service.close();
    }
  }, 180_000);
});
