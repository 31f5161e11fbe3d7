// Validation messages. Those marked REAL are Xero's text as quoted in shared/reference/xero-api.md (or by
// integrators quoting Xero); those marked GUESS are plausible stand-ins where no source gives the wording.
export const MSG = {
  // REAL (xero-api.md §4, §11)
  invoiceNumberUnique: 'Invoice # must be unique.',
  // REAL (§7) — unknown code, or a code of the wrong kind for the document
  accountNotValid: (code: string) => `Account code '${code}' is not a valid code for this document.`,
  // REAL (§7; full sentence as quoted by integrators)
  accountArchived: (code: string) =>
    `Account code '${code}' has been archived, or has been deleted. Each line item must reference a valid account.`,
  // REAL (§7)
  taxTypeNotForAccount: (tax: string, code: string) =>
    `The TaxType code '${tax}' cannot be used with account code '${code}'`,
  // GUESS (for a TaxType that does not exist or is not active, when no account code is given)
  taxTypeInvalid: (tax: string) =>
    `The TaxType code '${tax}' does not exist or cannot be used with this type of transaction.`,
  // REAL (§4)
  itemCodeInvalid: (code: string) => `Item code '${code}' is not valid`,
  // REAL (widely quoted Xero text)
  descriptionMandatory: 'The description field is mandatory for each line item.',
  // REAL (widely quoted Xero text)
  contactRequired: 'A Contact must be specified for this type of transaction',
  // REAL (§6, Xero's OpenAPI example)
  contactNameUnique: (name: string) =>
    `The contact name ${name} is already assigned to another contact. The contact name must be unique across all active contacts.`,
  // REAL (§6)
  contactNumberUnique: (n: string) => `The contact number ${n} is already assigned to another contact.`,
  // REAL (§6 "…has been archived. The contact must be un-archived…", full text as quoted by integrators)
  contactArchived:
    'The contact with the specified contact details has been archived. The contact must be un-archived before creating new invoices or credit notes.',
  // REAL (as quoted by integrators)
  contactArchivedEdit:
    'The specified contact details matched an archived contact. Archived contacts cannot currently be edited via the API.',
  // GUESS
  contactNameRequired: 'The contact name must be specified.',
  // GUESS
  contactNotFound: (id: string) => `The contact with ContactID '${id}' could not be found.`,
  // REAL (§5)
  paymentsOnlyAuthorised: 'Payments can only be made against Authorised documents',
  // REAL (§5)
  paymentExceeds: 'Payment amount exceeds the amount outstanding on this document',
  // REAL (§5)
  paymentInBatch: 'Payments within a batch cannot be deleted.',
  // GUESS
  paymentAccountType: 'Account type is invalid for making a payment to/from',
  // GUESS
  paymentAmountPositive: 'Payment amount must be greater than zero.',
  // GUESS
  paymentAccountRequired: 'An Account must be specified for a payment.',
  // GUESS
  paymentDocumentRequired: 'An Invoice or CreditNote must be specified for a payment.',
  // GUESS
  paymentCannotBeEdited:
    'Payments cannot be modified, only deleted. Set the Status to DELETED to delete a payment.',
  // GUESS
  paymentAlreadyDeleted: 'This payment has already been deleted.',
  // REAL (§4)
  editBlockedByPayment: 'This document cannot be edited as it has a payment or credit note allocated to it.',
  // REAL (§4)
  invalidStatusForModification: 'Invoice not of valid status for modification',
  // REAL prefix (§4 quotes it with a trailing ellipsis; the rest of the sentence is not documented)
  periodLock: 'The document date cannot be before the period lock date',
  // GUESS
  invoiceNotFound: (key: string) => `Invoice '${key}' could not be found.`,
  // GUESS
  creditNoteNotFound: (key: string) => `Credit note '${key}' could not be found.`,
  // GUESS
  invoiceTypeRequired: 'Invoice Type must be specified.',
  // GUESS
  invoiceTypeInvalid: (t: string) => `Invoice Type '${t}' is not valid for this endpoint.`,
  // GUESS
  creationStatus: 'Documents can only be created with a Status of DRAFT, SUBMITTED or AUTHORISED.',
  // REAL-ish (commonly reported as "Account code must be specified")
  accountCodeRequired: 'Account code must be specified',
  // GUESS
  currencyNotSubscribed: (c: string) => `The organisation is not subscribed to currency ${c}.`,
  // GUESS
  creditNoteNumberUnique: 'Credit Note # must be unique.',
  // GUESS
  allocationExceedsCredit: 'The amount allocated exceeds the remaining credit on this credit note.',
  // GUESS
  allocationContactMismatch: 'The credit note and the invoice must be for the same contact.',
  // GUESS
  creditNoteNotAuthorised: 'Credit notes can only be allocated when they are Authorised.',
  // GUESS
  trackingCategory: (name: string) => `Tracking category '${name}' does not exist or has been archived.`,
  // GUESS
  trackingOption: (opt: string, name: string) =>
    `Tracking option '${opt}' does not exist or has been archived for tracking category '${name}'.`,
  // REAL (§8: max 2 per line; wording GUESS)
  trackingMax: 'A line item can have a maximum of 2 tracking categories.',
  // GUESS
  batchDeleteStatus: 'Batch payments can only be deleted by setting the Status to DELETED.',
  // GUESS
  batchNotFound: (id: string) => `Batch payment '${id}' could not be found.`,
  // GUESS
  batchMixedTypes: 'All payments in a batch must be for the same type of document.',
  // GUESS (the reference says reconciled payments cannot be deleted, not the wording)
  paymentReconciled:
    'This payment has been reconciled and cannot be deleted. Unreconcile the bank statement line before deleting the payment.',
  // GUESS
  batchReconciled:
    'This batch payment has been reconciled and cannot be deleted. Unreconcile the bank statement line before deleting the batch payment.',
  // GUESS
  allocationAlreadyDeleted: 'This allocation has already been deleted.',
  // GUESS
  batchAlreadyDeleted: 'This batch payment has already been deleted.',
  // GUESS (the spec marks Reference, Particulars and Code "(NZ Only)"; Xero's refusal text is unknown)
  batchNzOnlyField: (field: string) => `${field} can only be used by New Zealand organisations.`,
  // GUESS (the spec marks Details "(Non-NZ Only)" with "Maximum field length = 18")
  batchDetailsNotNz:
    'Details cannot be used by New Zealand organisations. Use Particulars, Code and Reference.',
  // GUESS
  batchDetailsTooLong: 'Details must be 18 characters or fewer.',
} as const;

// REAL (xero-api.md §3/§10)
export const VALIDATION_EXCEPTION = {
  ErrorNumber: 10,
  Type: 'ValidationException',
  Message: 'A validation exception occurred',
};
