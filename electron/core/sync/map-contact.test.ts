import { describe, expect, it } from 'vitest';
import { parsePatient } from '../cliniko/parse.js';
import type { ClinikoPatient } from '../cliniko/types.js';
import {
  assignContactNames,
  contactName,
  contactNumberFor,
  mapContact,
  needsDisambiguation,
  patientIdFromContactNumber,
} from './map-contact.js';

const TS = '2026-01-01T00:00:00Z';
const patient = (over: Record<string, unknown> = {}): ClinikoPatient =>
  parsePatient({
    id: '1593',
    first_name: 'Jane',
    last_name: 'Smith',
    created_at: TS,
    updated_at: TS,
    ...over,
  });

describe('contact keys and names', () => {
  it('ContactNumber is derived from the patient ID and fits Xero’s 50 characters', () => {
    expect(contactNumberFor('514810976554457178')).toBe('CLINIKO-514810976554457178');
    expect(contactNumberFor('99999999999999999999').length).toBeLessThanOrEqual(50);
    expect(patientIdFromContactNumber('CLINIKO-1593')).toBe('1593');
    expect(patientIdFromContactNumber('ACME-1')).toBeNull();
  });

  it('same-name patients: the oldest keeps the plain name, the others get their ID, stably', () => {
    const a = patient({ id: '1593' });
    const b = patient({ id: '514810976554457178', first_name: ' jane ', last_name: 'SMITH' });
    const c = patient({ id: '2000', first_name: 'John' });
    const names = assignContactNames([b, a, c]);
    expect(names.get('1593')).toBe('Jane Smith');
    expect(names.get('514810976554457178')).toBe('jane SMITH (#514810976554457178)');
    expect(names.get('2000')).toBe('John Smith');
    // Adding a newer namesake later does not rename the existing ones.
    const later = assignContactNames([a, b, c, patient({ id: '514810976554457999' })]);
    expect(later.get('1593')).toBe('Jane Smith');
    expect(later.get('514810976554457178')).toBe('jane SMITH (#514810976554457178)');
    expect(later.get('514810976554457999')).toBe('Jane Smith (#514810976554457999)');
    // IDs compare as numbers, not text ("99" is older than "1000").
    expect(needsDisambiguation({ id: '1000' }, ['99'])).toBe(true);
    expect(needsDisambiguation({ id: '99' }, ['1000'])).toBe(false);
  });

  it('a nameless patient still gets a unique name; long names stay within 255 characters', () => {
    expect(contactName(patient({ first_name: '', last_name: ' ' }), false)).toBe('Patient 1593');
    expect(contactName(patient({ first_name: 'A'.repeat(300) }), true)).toHaveLength(255);
    expect(contactName(patient({ first_name: 'A'.repeat(300) }), true).endsWith(' (#1593)')).toBe(true);
  });
});

describe('mapContact', () => {
  it('carries email, phones and postal address', () => {
    const p = patient({
      email: 'jane@example.com',
      invoice_email: 'accounts@example.com',
      patient_phone_numbers: [
        { number: '02 9000 0000', phone_type: 'Home' },
        { number: '0400 000 000', phone_type: 'Mobile' },
        { number: '02 9111 1111', phone_type: 'Work' },
      ],
      address_1: '1 George St',
      city: 'Sydney',
      state: 'NSW',
      post_code: '2000',
      country: 'Australia',
    });
    expect(mapContact(p, { disambiguate: false })).toEqual({
      ContactNumber: 'CLINIKO-1593',
      Name: 'Jane Smith',
      FirstName: 'Jane',
      LastName: 'Smith',
      EmailAddress: 'accounts@example.com',
      Phones: [
        { PhoneType: 'DEFAULT', PhoneNumber: '02 9000 0000' },
        { PhoneType: 'MOBILE', PhoneNumber: '0400 000 000' },
      ],
      Addresses: [
        {
          AddressType: 'POBOX',
          AddressLine1: '1 George St',
          AddressLine2: '',
          AddressLine3: '',
          City: 'Sydney',
          Region: 'NSW',
          PostalCode: '2000',
          Country: 'Australia',
        },
      ],
    });
  });

  it('sends an empty email for none or an invalid one, and no empty address', () => {
    const c = mapContact(patient({ email: 'not an email' }), { disambiguate: true });
    expect(c.EmailAddress).toBe('');
    expect(c.Addresses).toEqual([]);
    expect(c.Phones).toEqual([]);
    expect(c.Name).toBe('Jane Smith (#1593)');
  });
});
