/** Helpers for the ledger's tests (and the sync engine's): temp files, a settable clock, records. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SourceType, WantedRecord } from '../../electron/core/ledger/types.js';

export type FakeClock = { now(): Date; set(t: string | Date): void; advance(ms: number): void };

export function fakeClock(start = '2026-03-02T09:00:00.000Z'): FakeClock {
  let t = new Date(start);
  return {
    now: () => new Date(t),
    set: (x) => {
      t = new Date(x);
    },
    advance: (ms) => {
      t = new Date(t.getTime() + ms);
    },
  };
}

/** A fresh directory under os.tmpdir(); `cleanup()` removes it. */
export function tempDir(prefix = 'cxs-ledger-'): { dir: string; file: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    file: join(dir, 'ledger.sqlite'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function wanted(
  sourceId: string,
  over: Partial<WantedRecord> & { sourceType?: SourceType } = {},
): WantedRecord {
  return {
    sourceType: 'invoice',
    sourceId,
    tenantId: 'tenant-1',
    wantHash: `h-${sourceId}`,
    sourceSnapshot: { id: sourceId },
    invoiceNumber: sourceId,
    patientName: `Patient ${sourceId}`,
    issueDate: '2026-03-01',
    totalCents: 10_000,
    ...over,
  };
}
