/**
 * A sync's progress in plain words for every UI (dashboard, CLI): "Sending 312 invoices to Xero —
 * about 6 min left", never the engine's internal phase names ("reading: 6 of 8").
 */
import type { SyncProgress } from './api.js';
import { countOf } from './plural.js';

export function durationText(seconds: number | null): string | null {
  if (seconds === null || !Number.isFinite(seconds)) return null;
  if (seconds < 60) return 'less than a minute left';
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min left`;
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  return `about ${h} h${m > 0 ? ` ${m} min` : ''} left`;
}

export function progressText(p: Pick<SyncProgress, 'phase' | 'done' | 'total' | 'etaSeconds'>): string {
  const left = Math.max(0, p.total - p.done);
  const eta = durationText(p.etaSeconds);
  const withEta = (s: string): string => (eta ? `${s} — ${eta}` : s);
  switch (p.phase) {
    case 'reading':
      return 'Checking Cliniko for new and changed invoices';
    case 'planning':
      return `Comparing ${countOf(p.total, 'Cliniko record')} with what Xero has`;
    case 'reading Xero accounts and tax rates':
      return "Reading Xero's accounts and tax rates";
    case 'checking unfinished writes':
      return `Checking with Xero on ${countOf(p.total, 'send')} that did not finish last time`;
    case 'contacts':
      return withEta(`Sending ${countOf(left, 'patient')} to Xero as contacts`);
    case 'invoices':
      return withEta(`Sending ${countOf(left, 'invoice')} to Xero`);
    case 'payments':
      return withEta(`Sending ${countOf(left, 'payment')} to Xero`);
    case 'removing payments before changes':
      return withEta(`Removing ${countOf(left, 'payment')} in Xero so their invoices can be changed`);
    case 'done':
      return 'Sync finished';
    default:
      return 'Syncing';
  }
}
