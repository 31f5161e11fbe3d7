export { openLedger, Ledger } from './ledger.js';
export type { LedgerOptions } from './ledger.js';
export type { Migration } from './migrations/types.js';
export * from './types.js';
