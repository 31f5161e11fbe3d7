// Who changed what in a simulated organisation: Xero's "History and Notes" for every document, so a test (and the
// product, through GET /{Resource}/{id}/History) can tell the app's own writes from a bookkeeper's work in Xero.
import { msDateTime } from './dates.js';

/**
 * GUESS: the name Xero shows as `User` for changes made through an app connection is not documented; Xero's UI
 * shows the connecting user's name plus the app. The simulator uses one fixed name for every API write.
 */
export const API_USER = 'Xero API (clinic-xero-sync)';

/** GUESS wording of the `Changes` column (Xero's UI uses words like these; the API values are not documented). */
export type HistoryChange =
  | 'Created'
  | 'Edited'
  | 'Approved'
  | 'Voided'
  | 'Deleted'
  | 'Paid'
  | 'Payment Received'
  | 'Payment Deleted'
  | 'Credit Applied'
  | 'Credit Unapplied'
  | 'Cash Refunded'
  | 'Reconciled'
  | 'Unreconciled';

export interface HistoryEntry {
  at: number;
  user: string;
  change: HistoryChange;
  details: string;
}

export class DocumentHistory {
  private byId = new Map<string, HistoryEntry[]>();

  record(id: string, e: HistoryEntry): void {
    const key = id.toLowerCase();
    let list = this.byId.get(key);
    if (!list) this.byId.set(key, (list = []));
    list.push(e);
  }

  entries(id: string): HistoryEntry[] {
    return (this.byId.get(id.toLowerCase()) ?? []).map((e) => ({ ...e }));
  }

  /** The user who created the document (undefined when the simulator never saw it created). */
  createdBy(id: string): string | undefined {
    return this.byId.get(id.toLowerCase())?.[0]?.user;
  }

  /** The user of the latest change. */
  lastChangedBy(id: string): string | undefined {
    const list = this.byId.get(id.toLowerCase());
    return list?.[list.length - 1]?.user;
  }

  /** Xero's HistoryRecords shape, newest first (as Xero lists them). */
  json(id: string): Record<string, unknown>[] {
    return this.entries(id)
      .reverse()
      .map((e) => ({ Changes: e.change, DateUTC: msDateTime(e.at), User: e.user, Details: e.details }));
  }
}
