// Helpers for the simulator's own tests: a tiny fetch client for /api.xro/2.0.
import type { XeroSim } from './index.js';

export interface CallOptions {
  body?: unknown;
  rawBody?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  tenantId?: string | null;
  token?: string | null;
  idempotencyKey?: string;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test convenience for deep JSON access
  json: any;
}

export function client(sim: XeroSim, tenantId = sim.tenants[0]?.tenantId ?? '') {
  const token = sim.identity.mintAccessToken([tenantId]);
  return async function call(method: string, path: string, o: CallOptions = {}): Promise<CallResult> {
    const url = new URL(sim.url + '/api.xro/2.0' + path);
    for (const [k, v] of Object.entries(o.query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = { Accept: 'application/json', ...(o.headers ?? {}) };
    const tok = o.token === undefined ? token : o.token;
    if (tok !== null) headers['Authorization'] = `Bearer ${tok}`;
    const ten = o.tenantId === undefined ? tenantId : o.tenantId;
    if (ten !== null) headers['xero-tenant-id'] = ten;
    if (o.idempotencyKey !== undefined) headers['Idempotency-Key'] = o.idempotencyKey;
    let body: string | undefined;
    if (o.rawBody !== undefined) body = o.rawBody;
    else if (o.body !== undefined) body = JSON.stringify(o.body);
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };
}

export type Call = ReturnType<typeof client>;

/** A minimal valid ACCREC invoice. */
export function invoice(
  over: Record<string, unknown> = {},
  line: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    Type: 'ACCREC',
    Contact: { Name: 'Alice Nguyen' },
    Date: '2026-11-20',
    DueDate: '2026-12-04',
    Status: 'AUTHORISED',
    LineItems: [
      {
        Description: 'Initial consultation',
        Quantity: 1,
        UnitAmount: 95,
        AccountCode: '201',
        TaxType: 'EXEMPTOUTPUT',
        ...line,
      },
    ],
    ...over,
  };
}

/** Validation messages of every element of a batch response (or of a 400 ValidationException). */
export function messages(
  json: { Elements?: unknown[]; Invoices?: unknown[] } & Record<string, unknown>,
): string[][] {
  const list = (json['Elements'] ??
    json['Invoices'] ??
    json['Contacts'] ??
    json['Payments'] ??
    json['CreditNotes'] ??
    json['Allocations'] ??
    json['BatchPayments'] ??
    []) as { ValidationErrors?: { Message: string }[] }[];
  return list.map((e) => (e.ValidationErrors ?? []).map((v) => v.Message));
}
