export { openLedger, Ledger } from './ledger.js';
export type { LedgerOptions } from './ledger.js';
export { redact, redactMessage, registerSecret, forgetSecret, REDACTED } from './redact.js';
export type { RedactOptions } from './redact.js';
export type { Migration } from './migrations/types.js';
export * from './types.js';
