import type { ApiErrorCode } from '../../shared/api';

/** A refused or failed call; `message` is written for the user and can be shown as it is. */
export class ApiCallError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}
