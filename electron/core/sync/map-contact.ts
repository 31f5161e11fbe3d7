/**
 * Patient → Xero contact (SPEC §3.3, xero-api.md §6). The key is `ContactNumber` ("CLINIKO-<patient id>",
 * at most 28 of Xero's 50 characters), never the name: Xero requires names to be unique among active
 * contacts, and two patients can share one.
 *
 * Names: "First Last". When several patients share a name, the *oldest* (smallest Cliniko ID) keeps the
 * plain name and every other gets " (#<patient id>)". The full ID keeps it unique without looking at other
 * records, and "oldest wins" keeps it stable: a patient created later never renames an existing contact.
 * A name that clashes with a non-patient contact in Xero is the writer's to handle: retry with
 * `disambiguate: true`.
 */
import { baseName, nameKey } from '../cliniko/patient-name.js';
import type { ClinikoPatient } from '../cliniko/types.js';
import type { XeroAddress, XeroContactPayload, XeroPhone } from './xero-types.js';

const NAME_MAX = 255;

export function contactNumberFor(patientId: string): string {
  return `CLINIKO-${patientId}`;
}

/** Inverse of contactNumberFor, for contacts read back from Xero. */
export function patientIdFromContactNumber(contactNumber: string): string | null {
  const m = /^CLINIKO-(\d{1,20})$/.exec(contactNumber);
  return m ? (m[1] ?? null) : null;
}

export { nameKey };

export function contactName(
  p: Pick<ClinikoPatient, 'id' | 'firstName' | 'lastName'>,
  disambiguate: boolean,
): string {
  const base = baseName(p);
  if (!disambiguate) return base.slice(0, NAME_MAX);
  const suffix = ` (#${p.id})`;
  return `${base.slice(0, NAME_MAX - suffix.length)}${suffix}`;
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Whether each patient's contact name needs the ID suffix, given every patient sharing its name
 * (archived ones included, so archiving the oldest never renames the next).
 */
export function needsDisambiguation(
  patient: Pick<ClinikoPatient, 'id'>,
  sameNamePatientIds: readonly string[],
): boolean {
  return sameNamePatientIds.some((id) => compareIds(id, patient.id) < 0);
}

/** Contact names for a set of patients at once (e.g. a backfill). */
export function assignContactNames(
  patients: readonly Pick<ClinikoPatient, 'id' | 'firstName' | 'lastName'>[],
): Map<string, string> {
  const oldest = new Map<string, string>();
  for (const p of patients) {
    const k = nameKey(p);
    const cur = oldest.get(k);
    if (cur === undefined || compareIds(p.id, cur) < 0) oldest.set(k, p.id);
  }
  return new Map(patients.map((p) => [p.id, contactName(p, oldest.get(nameKey(p)) !== p.id)]));
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function phones(p: ClinikoPatient): XeroPhone[] {
  // Xero has one number per phone type: the first mobile and the first other number.
  const mobile = p.phones.find((x) => /mobile|cell/i.test(x.type));
  const other = p.phones.find((x) => x !== mobile);
  const out: XeroPhone[] = [];
  if (other) out.push({ PhoneType: 'DEFAULT', PhoneNumber: other.number.trim() });
  if (mobile) out.push({ PhoneType: 'MOBILE', PhoneNumber: mobile.number.trim() });
  return out;
}

function addresses(p: ClinikoPatient): XeroAddress[] {
  const a = p.address;
  const lines = [a.line1, a.line2, a.line3, a.city, a.state, a.postCode, a.country];
  if (lines.every((l) => l.trim() === '')) return [];
  // POBOX is Xero's postal address, the one printed on invoices.
  return [
    {
      AddressType: 'POBOX',
      AddressLine1: a.line1.trim(),
      AddressLine2: a.line2.trim(),
      AddressLine3: a.line3.trim(),
      City: a.city.trim(),
      Region: a.state.trim(),
      PostalCode: a.postCode.trim(),
      Country: a.country.trim(),
    },
  ];
}

export function mapContact(patient: ClinikoPatient, opts: { disambiguate: boolean }): XeroContactPayload {
  const email = (patient.invoiceEmail ?? patient.email ?? '').trim();
  return {
    ContactNumber: contactNumberFor(patient.id),
    Name: contactName(patient, opts.disambiguate),
    FirstName: patient.firstName.trim().slice(0, 255),
    LastName: patient.lastName.trim().slice(0, 255),
    // Xero refuses an invalid address; "" also clears one the patient removed.
    EmailAddress: EMAIL_RE.test(email) ? email : '',
    Phones: phones(patient),
    Addresses: addresses(patient),
  };
}
