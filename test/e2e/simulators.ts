import { startClinikoSim, type ClinikoSim } from '../simulators/cliniko/index.js';
import { generateClinic } from '../simulators/seed/clinic.js';
import { startXeroSim, type XeroSim } from '../simulators/xero/index.js';

export type Sims = {
  cliniko: ClinikoSim;
  xero: XeroSim;
  env: Record<string, string>;
  close(): Promise<void>;
};

/**
 * Both simulators in the Playwright process, and the CXS_* overrides that point a `serve` child at
 * them (see serve-process.ts). `extraProducts` adds products named "<prefix> NNN" for grid tests.
 */
export async function startSims(
  opts: { invoices?: number; seed?: number; extraProducts?: { prefix: string; count: number }[] } = {},
): Promise<Sims> {
  const cliniko = await startClinikoSim({
    data: generateClinic({ invoices: opts.invoices ?? 60, seed: opts.seed ?? 7 }),
  });
  for (const group of opts.extraProducts ?? []) {
    for (let i = 1; i <= group.count; i++) {
      cliniko.store.createProduct({
        name: `${group.prefix} ${String(i).padStart(3, '0')}`,
        price_ex_tax: `${10 + (i % 40)}.00`,
        taxId: '1',
      });
    }
  }
  const xero = await startXeroSim({});
  return {
    cliniko,
    xero,
    env: {
      CXS_CLINIKO_API_URL: cliniko.url,
      CXS_XERO_LOGIN_URL: xero.url,
      CXS_XERO_IDENTITY_URL: xero.url,
      CXS_XERO_API_URL: xero.url,
      CXS_XERO_CLIENT_ID: xero.clientId,
    },
    close: async () => {
      await Promise.all([cliniko.close(), xero.close()]);
    },
  };
}

/** A contract call from the test itself, with the session token of `address` (below the UI). */
export async function rpc(
  address: string,
  method: string,
  body: unknown,
): Promise<{ ok: boolean; result?: unknown; error?: { code: string; message: string } }> {
  const url = new URL(address);
  const token = /token=([^&]+)/.exec(url.hash)?.[1] ?? '';
  const res = await fetch(`${url.origin}/api/rpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-cxs-token': token },
    body: JSON.stringify(body),
  });
  return (await res.json()) as { ok: boolean; result?: unknown; error?: { code: string; message: string } };
}
