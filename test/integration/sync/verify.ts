/**
 * Checks the Xero simulator against the Cliniko simulator, independently of the app's mapping code:
 * every eligible invoice exactly once with the right contact, number, date, lines, accounts, tax
 * types, totals to the cent, status and payment (amount, account, local date from the seed's own
 * time-zone helper).
 */
import type { Settings } from '../../../shared/settings.js';
import type { ClinikoSim } from '../../simulators/cliniko/index.js';
import { idFromLink, localDateOf, moneyToCents } from '../../simulators/seed/clinic.js';
import type { XeroSim } from '../../simulators/xero/index.js';

export type Verified = {
  eligible: number;
  paid: number;
  archivedSent: number;
  /** Paid invoices whose local payment date differs from the UTC date of closed_at, by business zone. */
  earlyMorning: Record<string, number>;
  problems: string[];
};

export function verifyXero(cliniko: ClinikoSim, xero: XeroSim, settings: Settings): Verified {
  const org = xero.org();
  const store = cliniko.store;
  const problems: string[] = [];
  const out: Verified = { eligible: 0, paid: 0, archivedSent: 0, earlyMorning: {}, problems };
  const byNumber = new Map<string, ReturnType<typeof org.invoices>>();
  for (const inv of org.invoices()) {
    const list = byNumber.get(inv.InvoiceNumber) ?? [];
    list.push(inv);
    byNumber.set(inv.InvoiceNumber, list);
  }
  for (const [n, list] of byNumber)
    if (list.length > 1) problems.push(`${n} is in Xero ${list.length} times`);
  const accountCode = new Map(org.accounts().map((a) => [a.AccountID, a.Code]));
  const payments = org.payments();

  for (const inv of store.list('invoices')) {
    const number = `${settings.invoicePrefix}${inv.number}`;
    const found = byNumber.get(number) ?? [];
    const x = found[0];
    if (inv.issue_date < settings.syncFrom) {
      if (x) problems.push(`${number} (${inv.issue_date}) is before syncFrom but was sent`);
      continue;
    }
    if (inv.archived_at !== null) {
      if (x && !['VOIDED', 'DELETED'].includes(x.Status))
        problems.push(`${number} is archived in Cliniko but ${x.Status} in Xero`);
      if (x) out.archivedSent++;
      if (x && x.Payments.length) problems.push(`${number} is archived but still has payments`);
      continue;
    }
    out.eligible++;
    if (!x) {
      problems.push(`${number} is missing in Xero`);
      continue;
    }
    const p = (msg: string) => problems.push(`${number}: ${msg}`);
    const contact = org.contact(x.ContactID);
    const patientId = idFromLink(inv.patient);
    if (contact?.ContactNumber !== `CLINIKO-${patientId}`)
      p(`contact ${contact?.ContactNumber} ≠ patient ${patientId}`);
    const patient = patientId ? store.getPatient(patientId) : undefined;
    if (patient && contact && !contact.Name.startsWith(`${patient.first_name} ${patient.last_name}`.trim()))
      p(`contact name ${contact.Name} ≠ patient ${patient.first_name} ${patient.last_name}`);
    if (x.Date !== inv.issue_date) p(`date ${x.Date} ≠ ${inv.issue_date}`);
    if (Math.round(x.Total * 100) !== moneyToCents(inv.total_amount))
      p(`total ${x.Total} ≠ ${inv.total_amount}`);
    if (Math.round(x.TotalTax * 100) !== moneyToCents(inv.tax_amount))
      p(`tax ${x.TotalTax} ≠ ${inv.tax_amount}`);
    const items = store.getInvoiceItems(inv.id).filter((i) => i.archived_at === null);
    if (x.LineItems.length !== items.length) p(`${x.LineItems.length} lines ≠ ${items.length} items`);
    const practitionerId = idFromLink(inv.practitioner);
    const sortedItems = [...items].sort((a, b) =>
      a.created_at !== b.created_at
        ? a.created_at < b.created_at
          ? -1
          : 1
        : a.id.length - b.id.length || (a.id < b.id ? -1 : 1),
    );
    sortedItems.forEach((item, i) => {
      const line = x.LineItems[i];
      if (!line) return;
      const productId = item.product ? idFromLink(item.product) : null;
      const billableId = item.billable_item ? idFromLink(item.billable_item) : null;
      // item override > practitioner override > the default for the line's kind (SPEC §3.2)
      const itemOverride = productId
        ? settings.products[productId]?.accountCode
        : billableId
          ? settings.billableItems[billableId]?.accountCode
          : undefined;
      const want =
        itemOverride ??
        (practitionerId ? settings.practitioners[practitionerId]?.accountCode : undefined) ??
        (productId ? settings.defaults.productAccountCode : settings.defaults.serviceAccountCode);
      if (line.AccountCode !== want) p(`line ${i + 1} account ${line.AccountCode} ≠ ${want}`);
      const tax = Number(item.tax_rate) === 0 ? settings.defaults.taxExemptTaxType : 'OUTPUT';
      if (line.TaxType !== tax) p(`line ${i + 1} tax ${line.TaxType} ≠ ${tax}`);
    });
    const paid = inv.status === 20 && inv.closed_at !== null && moneyToCents(inv.total_amount) > 0;
    const live = payments.filter((y) => y.InvoiceID === x.InvoiceID && y.Status !== 'DELETED');
    if (paid) {
      out.paid++;
      if (x.Status !== 'PAID') p(`status ${x.Status}, expected PAID`);
      if (live.length !== 1) p(`${live.length} payments, expected 1`);
      const pay = live[0];
      const business = store.getBusiness(idFromLink(inv.business) ?? '');
      const tz = business?.time_zone_identifier ?? 'UTC';
      const local = localDateOf(tz, inv.closed_at ?? '');
      if (pay) {
        if (Math.round(pay.Amount * 100) !== moneyToCents(inv.total_amount))
          p(`payment ${pay.Amount} ≠ total`);
        if (accountCode.get(pay.AccountID) !== settings.defaults.paymentAccountCode)
          p(`payment account ${accountCode.get(pay.AccountID)}`);
        if (pay.Date !== local) p(`payment date ${pay.Date} ≠ local ${local} (${tz}, ${inv.closed_at})`);
        if (local !== (inv.closed_at ?? '').slice(0, 10))
          out.earlyMorning[tz] = (out.earlyMorning[tz] ?? 0) + 1;
      }
    } else {
      if (x.Status !== settings.invoiceStatus) p(`status ${x.Status}, expected ${settings.invoiceStatus}`);
      if (live.length !== 0) p(`${live.length} payments on an unpaid invoice`);
    }
  }
  return out;
}
