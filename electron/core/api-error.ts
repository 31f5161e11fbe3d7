import type { ApiErrorBody, ApiErrorCode } from '../../shared/api.js';

/** An error whose message is meant for the user, carried unchanged across the contract. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ApiErrorBody {
    return { code: this.code, message: this.message };
  }
}

/** Anything else is an internal fault: the user gets a generic sentence, never a stack or a secret. */
export function toErrorBody(err: unknown): ApiErrorBody {
  if (err instanceof ApiError) return err.toBody();
  return { code: 'failed', message: 'Something went wrong inside clinic-xero-sync. Details are in the log.' };
}
