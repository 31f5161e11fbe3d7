import { describe, expect, it } from 'vitest';
import { classifyElementErrors } from './classify.js';

describe('classifyElementErrors', () => {
  it('adopts what already exists instead of failing', () => {
    expect(classifyElementErrors('Invoice CL-1', ['Invoice # must be unique.']).kind).toBe('adopt-invoice');
    expect(
      classifyElementErrors('Contact', [
        'The contact number CLINIKO-1 is already assigned to another contact.',
      ]).kind,
    ).toBe('adopt-contact');
  });

  it('maps Xero validation messages to plain fixes naming the invoice', () => {
    const lock = classifyElementErrors('Invoice CL-7', [
      'The document date cannot be before the period lock date',
    ]);
    expect(lock).toMatchObject({ kind: 'validation' });
    expect('message' in lock && lock.message).toMatch(/^Invoice CL-7: .*bookkeeper.*lock date/);
    const acc = classifyElementErrors('Invoice CL-8', [
      "Account code '205' has been archived, or has been deleted. Each line item must reference a valid account.",
    ]);
    expect('message' in acc && acc.message).toMatch(/instead of 205 in Mappings/);
    const contact = classifyElementErrors('Invoice CL-9', [
      'The contact with the specified contact details has been archived. The contact must be un-archived before creating new invoices or credit notes.',
    ]);
    expect('message' in contact && contact.message).toMatch(/unarchive/);
    const paid = classifyElementErrors('Invoice CL-10', [
      'This document cannot be edited as it has a payment or credit note allocated to it.',
    ]);
    expect('message' in paid && paid.message).toMatch(/did not make.*nothing was changed/);
  });
});
