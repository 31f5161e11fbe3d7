// Batch-payment rules that depend on the organisation's country: the bank-reference fields differ by region
// (xero_accounting.yaml, BatchPayment: Reference/Particulars/Code are "(NZ Only)", Details is "(Non-NZ Only)",
// max 18 characters). The simulator is strict: a field of the wrong region is refused, not silently dropped.
import { MSG } from './messages.js';

type Json = Record<string, unknown>;

const NZ_ONLY = ['Reference', 'Particulars', 'Code'] as const;
export const BATCH_DETAILS_MAX = 18;

/** Validation messages for the reference fields of a new batch payment in an organisation of `countryCode`. */
export function batchReferenceErrors(input: Json, countryCode: string): string[] {
  const errors: string[] = [];
  const given = (f: string): string | undefined => {
    const v = input[f];
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  if (countryCode === 'NZ') {
    if (given('Details') !== undefined) errors.push(MSG.batchDetailsNotNz);
    return errors;
  }
  for (const f of NZ_ONLY) if (given(f) !== undefined) errors.push(MSG.batchNzOnlyField(f));
  const details = given('Details');
  if (details !== undefined && details.length > BATCH_DETAILS_MAX) errors.push(MSG.batchDetailsTooLong);
  return errors;
}

/** `POST /BatchPayments` is both create (Xero's legacy docs: "PUT or POST") and delete (`Status: "DELETED"`). */
export function isBatchDelete(body: unknown): boolean {
  return (
    body !== null &&
    typeof body === 'object' &&
    !Array.isArray(body) &&
    (body as Json)['Status'] === 'DELETED' &&
    !('BatchPayments' in (body as Json))
  );
}
