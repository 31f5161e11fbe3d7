/**
 * Contacts (one per patient, keyed by ContactNumber `CLINIKO-<id>`): PUT new, POST changed. A contact
 * number Xero already has is ours from an earlier life (reinstall, lost ledger): adopted, then
 * updated. A name that clashes with a contact we do not own: the patient's contact carries its id
 * from then on (re-planned after the round).
 */
import type { Contact } from 'xero-node';
import type { BatchOutcome, LedgerRecordDetails, WantedRecord } from '../../ledger/index.js';
import { classifyElementErrors } from '../classify.js';
import { ADOPTED, DUE_LIMIT, type CycleCtx } from '../context.js';
import { contactNumberFor } from '../map-contact.js';
import { elementFailure } from '../outbox.js';
import { hasRealXeroId, planContact, type ContactSnapshot } from '../plan.js';
import type { XeroContactPayload } from '../xero-types.js';
import { elementsOf, pendingOutcome, send, type Operation, type Round, type Writer } from './writer.js';

type Payload = XeroContactPayload & { ContactID?: string | null };

const what = (r: LedgerRecordDetails): string => `Contact for patient ${r.patientName ?? r.sourceId}`;

function operation(kind: 'create' | 'update', clashes: LedgerRecordDetails[]): Operation<Payload> {
  return {
    kind: `contact-${kind}`,
    what,
    send: async (ctx, payloads, idempotencyKey) => {
      const g = ctx.deps.gateway;
      const r =
        kind === 'create'
          ? await g.putContacts(ctx.tenantId, payloads, { idempotencyKey })
          : await g.postContacts(ctx.tenantId, payloads, { idempotencyKey });
      return elementsOf(r.contacts);
    },
    outcome: async (ctx, { rec, payload }, el): Promise<BatchOutcome> => {
      const k = { sourceType: rec.sourceType, sourceId: rec.sourceId };
      const response = el.raw;
      if (el.ok) return { ...k, result: 'synced', xeroId: String(el.raw.contactID), payload, response };
      const v = classifyElementErrors(what(rec), el.errors);
      if (v.kind === 'adopt-contact' && kind === 'create') {
        const found = await ctx.deps.gateway.getContactByNumber(ctx.tenantId, contactNumberFor(rec.sourceId));
        if (found?.contactID) {
          return { ...k, result: 'synced', xeroId: found.contactID, sentHash: ADOPTED, payload, response };
        }
      }
      if (v.kind === 'name-clash' && !(rec.sourceSnapshot as ContactSnapshot).disambiguate) {
        clashes.push(rec);
        return { ...k, result: 'pending' };
      }
      return elementFailure(ctx, rec, v, payload, response);
    },
  };
}

async function collect(ctx: CycleCtx): Promise<Round> {
  const { ledger } = ctx.deps;
  const due = ledger.nextDue('contact', ctx.now, DUE_LIMIT);
  const jobsOf = (recs: LedgerRecordDetails[], update: boolean) =>
    recs.map((rec) => {
      const p = (rec.sourceSnapshot as ContactSnapshot).payload;
      return { rec, payload: update ? { ContactID: rec.xeroId, ...p } : p };
    });
  const clashes: LedgerRecordDetails[] = [];
  return {
    moved: 0,
    sends: [
      send(
        operation('create', clashes),
        jobsOf(
          due.filter((r) => !hasRealXeroId(r)),
          false,
        ),
      ),
      send(
        operation('update', clashes),
        jobsOf(
          due.filter((r) => hasRealXeroId(r)),
          true,
        ),
      ),
    ],
    // Same name as a contact we do not own: from now on this patient's contact carries its ID.
    after: () => {
      if (clashes.length === 0) return;
      ledger.tx(() => {
        const wants: WantedRecord[] = [];
        for (const rec of clashes) {
          ledger.setKv(`contact.disambiguate.${rec.sourceId}`, true);
          const p = (rec.sourceSnapshot as ContactSnapshot).patient;
          wants.push(planContact(p, true, ctx.tenantId));
        }
        ledger.upsertWanted(wants);
      });
    },
  };
}

/** Uncertain contact writes: a contact with our number exists → adopted (updated if its name differs). */
async function lookUp(ctx: CycleCtx, b: { records: LedgerRecordDetails[] }): Promise<BatchOutcome[]> {
  const outcomes: BatchOutcome[] = [];
  for (const r of b.records) {
    const found: Contact | null = await ctx.deps.gateway.getContactByNumber(
      ctx.tenantId,
      contactNumberFor(r.sourceId),
    );
    if (!found?.contactID) {
      outcomes.push(pendingOutcome(r));
      continue;
    }
    const same = found.name === (r.sourceSnapshot as ContactSnapshot).payload.Name;
    outcomes.push({
      sourceType: r.sourceType,
      sourceId: r.sourceId,
      result: 'synced',
      xeroId: found.contactID,
      ...(same ? {} : { sentHash: ADOPTED }),
    });
  }
  return outcomes;
}

export const contactsWriter: Writer = {
  sourceType: 'contact',
  phase: 'contacts',
  collect,
  reconcile: { 'contact-create': lookUp, 'contact-update': lookUp },
};
