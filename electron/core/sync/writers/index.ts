/**
 * The writers, in dependency order: a contact before the invoices that name it, an invoice before
 * the payment against it. A new record kind that Xero receives is one writer file and one line here.
 */
import { contactsWriter } from './contacts.js';
import { invoicesWriter } from './invoices.js';
import { paymentsWriter } from './payments.js';
import type { Writer } from './writer.js';

export const WRITERS: readonly Writer[] = [contactsWriter, invoicesWriter, paymentsWriter];

export type { Writer } from './writer.js';
