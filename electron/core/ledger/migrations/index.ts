import type { Migration } from './types.js';
import { migration as m001 } from './001-initial.js';
import { migration as m002 } from './002-search-and-sort-indexes.js';
import { migration as m003 } from './003-cliniko-cache.js';
import { migration as m006 } from './006-payment-reports.js';
import { migration as m007 } from './007-record-counts.js';

/** Every migration, in order. Static imports: no directory scanning, bundler- and CSP-friendly. */
export const migrations: readonly Migration[] = [m001, m002, m003, m006, m007];
