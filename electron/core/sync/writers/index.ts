/**
 * The writers, in dependency order: a contact before the invoices that name it, an invoice before
 * the payment against it, an invoice before the credit note allocated to it. A new record kind that Xero receives is one writer file and one line here.
 */
import { contactsWriter } from './contacts.js';
import { creditNotesWriter } from './credit-notes.js';
import { invoicesWriter } from './invoices.js';
import { paymentsWriter } from './payments.js';
import type { Writer } from './writer.js';

/** Credit notes last: each waits for its contact and for the invoice it is allocated to. */
export const WRITERS: readonly Writer[] = [contactsWriter, invoicesWriter, paymentsWriter, creditNotesWriter];

export type { Writer } from './writer.js';
