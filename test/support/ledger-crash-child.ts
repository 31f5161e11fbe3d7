/**
 * Child process for crash.test.ts: does real ledger work, then SIGKILLs itself in the middle of a
 * transaction (no exit handlers, no cleanup, like a power cut as far as the process is concerned).
 * Usage: node --import tsx ledger-crash-child.ts <file> <phase>
 */
import { writeSync } from 'node:fs';
import { openLedger } from '../../electron/core/ledger/ledger.js';
import { wanted } from './ledger.js';

const [file, phase] = process.argv.slice(2);
if (!file || !phase) throw new Error('usage: ledger-crash-child.ts <file> <begin|complete>');
const say = (s: string) => writeSync(1, `${s}\n`);
const die = (): never => {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable');
};

const ledger = openLedger(file);
if (phase === 'begin') {
  ledger.tx(() => {
    ledger.upsertWanted([wanted('1'), wanted('2'), wanted('3')]);
    ledger.setCursor('invoices', 'cursor-1');
  });
  const batch = ledger.beginBatch({
    kind: 'invoice',
    tenantId: 'tenant-1',
    idempotencyKey: 'idem-1',
    recordKeys: [
      { sourceType: 'invoice', sourceId: '1' },
      { sourceType: 'invoice', sourceId: '2' },
    ],
    payloadHash: 'payload-1',
  });
  say(`begun ${batch.id}`);
  // "The HTTP call is in flight" — meanwhile the poller queues a big page and advances the cursor.
  // Large snapshots make SQLite spill uncommitted pages into the WAL before the kill.
  const blob = 'x'.repeat(2000);
  ledger.tx(() => {
    for (let i = 0; i < 20_000; i++) {
      ledger.upsertWanted([wanted(`bulk-${i}`, { sourceSnapshot: { blob, i } })]);
      if (i === 10_000) {
        ledger.setCursor('invoices', 'cursor-2');
        say('half-way');
        die();
      }
    }
  });
} else if (phase === 'complete') {
  const [batch] = ledger.uncertainBatches();
  if (!batch) throw new Error('expected an uncertain batch');
  // Killed while writing the outcome: half of the outcomes are written inside the transaction.
  ledger.tx(() => {
    ledger.markSynced({ sourceType: 'invoice', sourceId: '1' }, { xeroId: 'X1', sentHash: 'h-1' });
    say('outcome-1-written');
    die();
  });
}
say('not killed?');
