/**
 * A patient's display name, and the key that groups patients with the same name (the Cliniko cache
 * indexes it, so the contact mapper can tell whether a name is shared without reading every patient).
 */
import type { ClinikoPatient } from './types.js';

export function baseName(p: Pick<ClinikoPatient, 'id' | 'firstName' | 'lastName'>): string {
  const name = `${p.firstName.trim()} ${p.lastName.trim()}`.replace(/\s+/g, ' ').trim();
  return name === '' ? `Patient ${p.id}` : name;
}

/** The comparison key for "same name" (Xero compares names case-insensitively). */
export function nameKey(p: Pick<ClinikoPatient, 'id' | 'firstName' | 'lastName'>): string {
  return baseName(p).toLowerCase();
}
