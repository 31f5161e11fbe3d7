// Batch semantics (summarizeErrors) and Idempotency-Key replay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXeroSim, type XeroSim } from './index.js';
import { client, invoice, type Call } from './test-helpers.js';

let sim: XeroSim;
let call: Call;
beforeAll(async () => {
  sim = await startXeroSim({ limits: { perMinute: 1_000_000, perDay: 1_000_000 }, timeScale: 360 });
  call = client(sim);
});
afterAll(async () => {
  await sim.close();
});

const batch = (prefix: string) => [
  invoice({ InvoiceNumber: `${prefix}-1` }),
  invoice({ InvoiceNumber: `${prefix}-2` }, { AccountCode: '400', TaxType: 'INPUT' }), // bad account for ACCREC
  invoice({ InvoiceNumber: `${prefix}-3` }),
];

describe('batches', () => {
  it('summarizeErrors=false → 200 with every element carrying StatusAttributeString/HasErrors/ValidationErrors', async () => {
    const r = await call('PUT', '/Invoices', {
      body: { Invoices: batch('SE') },
      query: { summarizeErrors: 'false' },
    });
    expect(r.status).toBe(200);
    const els = r.json.Invoices as {
      StatusAttributeString: string;
      HasErrors: boolean;
      ValidationErrors: { Message: string }[];
      InvoiceID?: string;
      InvoiceNumber: string;
    }[];
    expect(els.map((e) => e.StatusAttributeString)).toEqual(['OK', 'ERROR', 'OK']);
    expect(els.map((e) => e.HasErrors)).toEqual([false, true, false]);
    expect(els[1]?.ValidationErrors).toEqual([
      { Message: "Account code '400' is not a valid code for this document." },
    ]);
    expect(els[0]?.InvoiceID).toMatch(/^[0-9a-f-]{36}$/);
    expect(sim.org().invoice('SE-1')).toBeDefined();
    expect(sim.org().invoice('SE-2')).toBeUndefined();
    expect(sim.org().invoice('SE-3')).toBeDefined();
  });

  it('default (summarizeErrors=true) → 400 ValidationException listing the failed elements, valid ones ARE created', async () => {
    const r = await call('PUT', '/Invoices', { body: { Invoices: batch('SU') } });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({
      ErrorNumber: 10,
      Type: 'ValidationException',
      Message: 'A validation exception occurred',
    });
    expect(r.json.Elements).toHaveLength(1);
    expect(r.json.Elements[0].InvoiceNumber).toBe('SU-2');
    expect(r.json.Elements[0].ValidationErrors[0].Message).toBe(
      "Account code '400' is not a valid code for this document.",
    );
    // The other two exist, but the response did not say so (the trap the reference warns about).
    expect(sim.org().invoice('SU-1')?.Status).toBe('AUTHORISED');
    expect(sim.org().invoice('SU-3')?.Status).toBe('AUTHORISED');
    const retry = await call('PUT', '/Invoices', {
      body: { Invoices: [invoice({ InvoiceNumber: 'SU-1' })] },
    });
    expect(retry.json.Elements[0].ValidationErrors[0].Message).toBe('Invoice # must be unique.');
  });

  it('a duplicate number inside one batch fails only the later element', async () => {
    const r = await call('PUT', '/Invoices', {
      body: { Invoices: [invoice({ InvoiceNumber: 'DUP-1' }), invoice({ InvoiceNumber: 'DUP-1' })] },
      query: { summarizeErrors: 'false' },
    });
    expect(r.json.Invoices.map((e: { StatusAttributeString: string }) => e.StatusAttributeString)).toEqual([
      'OK',
      'ERROR',
    ]);
  });
});

describe('Idempotency-Key', () => {
  it('replays the stored response (same status and body) for the same method+URL+body; nothing is created twice', async () => {
    const body = { Invoices: [invoice({ InvoiceNumber: 'IK-1' })] };
    const a = await call('PUT', '/Invoices', {
      body,
      idempotencyKey: 'key-ik-1',
      query: { summarizeErrors: 'false' },
    });
    const b = await call('PUT', '/Invoices', {
      body,
      idempotencyKey: 'key-ik-1',
      query: { summarizeErrors: 'false' },
    });
    expect(b.status).toBe(a.status);
    expect(b.text).toBe(a.text);
    expect(
      sim
        .org()
        .invoices()
        .filter((i) => i.InvoiceNumber === 'IK-1'),
    ).toHaveLength(1);
    expect(
      sim.requests.filter((r) => r.idempotencyKey === 'key-ik-1').map((r) => r.replayed ?? false),
    ).toEqual([false, true]);
    // A replayed 400 stays a 400.
    const bad = { Invoices: [invoice({ InvoiceNumber: 'IK-1' })] };
    const c = await call('PUT', '/Invoices', { body: bad, idempotencyKey: 'key-ik-2' });
    const d = await call('PUT', '/Invoices', { body: bad, idempotencyKey: 'key-ik-2' });
    expect([c.status, d.status]).toEqual([400, 400]);
    expect(d.text).toBe(c.text);
  });

  it('the same key with a different body (or URL) → 400, nothing created', async () => {
    await call('PUT', '/Invoices', {
      body: { Invoices: [invoice({ InvoiceNumber: 'IK-3' })] },
      idempotencyKey: 'key-ik-3',
    });
    const r = await call('PUT', '/Invoices', {
      body: { Invoices: [invoice({ InvoiceNumber: 'IK-4' })] },
      idempotencyKey: 'key-ik-3',
    });
    expect(r.status).toBe(400);
    expect(r.json.Detail).toMatch(/Idempotency-Key has already been used/);
    expect(sim.org().invoice('IK-4')).toBeUndefined();
    const otherUrl = await call('PUT', '/Invoices', {
      body: { Invoices: [invoice({ InvoiceNumber: 'IK-3' })] },
      idempotencyKey: 'key-ik-3',
      query: { summarizeErrors: 'false' },
    });
    expect(otherUrl.status).toBe(400);
  });

  it('keys over 128 characters are refused; 128 is fine', async () => {
    const long = await call('PUT', '/Contacts', {
      body: { Contacts: [{ Name: 'Key Long' }] },
      idempotencyKey: 'k'.repeat(129),
    });
    expect(long.status).toBe(400);
    const ok = await call('PUT', '/Contacts', {
      body: { Contacts: [{ Name: 'Key Ok' }] },
      idempotencyKey: 'k'.repeat(128),
    });
    expect(ok.status).toBe(200);
  });

  it('keys are per organisation and expire after 6 (simulated) minutes', async () => {
    // timeScale 360: six simulated minutes = 1 real second.
    const body = { Contacts: [{ Name: 'Expiring Key' }] };
    const a = await call('PUT', '/Contacts', { body, idempotencyKey: 'key-exp' });
    expect(a.status).toBe(200);
    const replay = await call('PUT', '/Contacts', { body, idempotencyKey: 'key-exp' });
    expect(replay.text).toBe(a.text);
    await new Promise((r) => setTimeout(r, 1100));
    const after = await call('PUT', '/Contacts', { body, idempotencyKey: 'key-exp' });
    expect(after.status).toBe(400); // processed afresh: the name is now taken
    expect(after.json.Elements[0].ValidationErrors[0].Message).toMatch(
      /^The contact name Expiring Key is already assigned/,
    );
  });
});
