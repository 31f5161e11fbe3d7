import type { LogSourceType, LogState } from '../../../shared/api';
import { LOG_SOURCE_TYPES, LOG_STATES } from '../../../shared/api';

/** The log's filters, as they live in the address (#/log?type=invoice&state=…&from=…&to=…&q=…&open=id). */
export type LogFilters = {
  state?: LogState;
  /** undefined: every type ("all" in the address). */
  sourceType?: LogSourceType;
  search?: string;
  from?: string;
  to?: string;
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function filtersFromParams(p: Record<string, string>): LogFilters {
  const f: LogFilters = {};
  if (p.state && (LOG_STATES as readonly string[]).includes(p.state)) f.state = p.state as LogState;
  const type = p.type ?? 'invoice';
  if ((LOG_SOURCE_TYPES as readonly string[]).includes(type)) f.sourceType = type as LogSourceType;
  if (p.q) f.search = p.q;
  if (p.from && DATE.test(p.from)) f.from = p.from;
  if (p.to && DATE.test(p.to)) f.to = p.to;
  return f;
}

export function paramsFromFilters(f: LogFilters, open?: number | null): Record<string, string> {
  const p: Record<string, string> = {};
  p.type = f.sourceType ?? 'all';
  if (p.type === 'invoice') delete p.type; // the default
  if (f.state) p.state = f.state;
  if (f.search) p.q = f.search;
  if (f.from) p.from = f.from;
  if (f.to) p.to = f.to;
  if (open) p.open = String(open);
  return p;
}
