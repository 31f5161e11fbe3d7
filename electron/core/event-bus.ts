import type { EventName, Events } from '../../shared/api.js';

type Listener<E extends EventName> = (payload: Events[E]) => void;
type AnyListener = (event: EventName, payload: Events[EventName]) => void;

/** Typed fan-out of core events to every transport (IPC, SSE) and to the tray. */
export class EventBus {
  readonly #byEvent = new Map<EventName, Set<(payload: never) => void>>();
  readonly #any = new Set<AnyListener>();

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.#byEvent.get(event);
    if (!set) this.#byEvent.set(event, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  onAny(listener: AnyListener): () => void {
    this.#any.add(listener);
    return () => this.#any.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const l of this.#byEvent.get(event) ?? []) (l as Listener<E>)(payload);
    for (const l of this.#any) l(event, payload);
  }
}
