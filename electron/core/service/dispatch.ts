import {
  isMethodName,
  requestSchemas,
  type MethodName,
  type RequestOf,
  type ResponseOf,
  type RpcResult,
} from '../../../shared/api.js';
import { ApiError, toErrorBody } from '../api-error.js';

/** One handler per contract method; a missing one is a compile error where the map is built. */
export type Handlers = { [M in MethodName]: (request: RequestOf<M>) => Promise<ResponseOf<M>> };

/**
 * The single entry point both transports call with untrusted input: checks the method name,
 * validates the request against the contract's schema, runs the handler, and folds every outcome
 * into an RpcResult so no exception (or its stack) crosses the boundary.
 */
export async function dispatch(
  handlers: Handlers,
  method: unknown,
  request: unknown,
  onInternalError: (method: string, err: unknown) => void = () => {},
): Promise<RpcResult<unknown>> {
  if (!isMethodName(method)) {
    return { ok: false, error: { code: 'unknown_method', message: `Unknown method ${String(method)}.` } };
  }
  const parsed = requestSchemas[method].safeParse(request ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((i) => `${i.path.join('.') || 'request'}: ${i.message}`)
      .join('; ');
    return {
      ok: false,
      error: { code: 'invalid_request', message: `Invalid request for ${method}: ${detail}` },
    };
  }
  try {
    const run = handlers[method] as (req: unknown) => Promise<unknown>;
    return { ok: true, result: await run(parsed.data) };
  } catch (err) {
    if (!(err instanceof ApiError)) onInternalError(method, err);
    return { ok: false, error: toErrorBody(err) };
  }
}

export function assertNever(value: never): never {
  throw new ApiError('failed', `Unexpected value ${String(value)}`);
}
