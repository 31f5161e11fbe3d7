import type {
  ApiBridge,
  EventName,
  Events,
  MethodName,
  PreloadApi,
  RequestOf,
  ResponseOf,
} from '../../shared/api';
import { ApiCallError } from './api-call-error';

/** The contract over Electron IPC, through the only object the preload exposes. */
export function createIpcBridge(preload: PreloadApi): ApiBridge {
  return {
    async invoke<M extends MethodName>(method: M, request: RequestOf<M>): Promise<ResponseOf<M>> {
      const res = await preload.invoke(method, request);
      if (!res.ok) throw new ApiCallError(res.error.code, res.error.message);
      return res.result as ResponseOf<M>;
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
      return preload.on(event, listener as (payload: unknown) => void);
    },
  };
}
