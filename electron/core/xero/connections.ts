import type { XeroEndpoints } from './endpoints.js';
import { parseXeroError, XeroHttpError } from './xero-error.js';

export type XeroConnection = { id: string; tenantId: string; tenantName: string; tenantType: string };

async function call(url: string, init: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(20_000), redirect: 'error' });
  } catch (err) {
    throw new XeroHttpError(parseXeroError(err instanceof Error && err.cause ? err.cause : err));
  }
  if (!res.ok) {
    const text = await res.text().catch(() => '');
    throw new XeroHttpError(
      parseXeroError({
        response: { statusCode: res.status, body: text, headers: res.headers },
      }),
    );
  }
  return res;
}

/** The authentication event id inside a Xero access token (a JWT), to list only this consent's tenants. */
export function authEventIdOf(accessToken: string): string | null {
  const payload = accessToken.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    return typeof claims.authentication_event_id === 'string' ? claims.authentication_event_id : null;
  } catch {
    return null;
  }
}

/** `GET /connections` (optionally `?authEventId=`): the organisations this token may use. */
export async function listConnections(
  e: XeroEndpoints,
  accessToken: string,
  authEventId?: string | null,
): Promise<XeroConnection[]> {
  const url = new URL(e.connectionsUrl);
  if (authEventId) url.searchParams.set('authEventId', authEventId);
  const res = await call(url.toString(), {
    headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
  });
  const json: unknown = await res.json();
  if (!Array.isArray(json)) return [];
  return json.flatMap((c: unknown) => {
    const r = c !== null && typeof c === 'object' ? (c as Record<string, unknown>) : {};
    if (typeof r.id !== 'string' || typeof r.tenantId !== 'string') return [];
    return [
      {
        id: r.id,
        tenantId: r.tenantId,
        tenantName: typeof r.tenantName === 'string' ? r.tenantName : r.tenantId,
        tenantType: typeof r.tenantType === 'string' ? r.tenantType : 'ORGANISATION',
      },
    ];
  });
}

/** `DELETE /connections/{id}` → 204; a 404 (already gone) counts as done. */
export async function deleteConnection(
  e: XeroEndpoints,
  accessToken: string,
  connectionId: string,
): Promise<void> {
  try {
    await call(`${e.connectionsUrl}/${encodeURIComponent(connectionId)}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${accessToken}` },
    });
  } catch (err) {
    if (err instanceof XeroHttpError && err.info.status === 404) return;
    throw err;
  }
}
