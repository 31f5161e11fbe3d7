// Request-body validation against Xero's official OpenAPI document (xero_accounting.yaml).
// Only `components.schemas` is parsed (a ~165 KB slice of the 900 KB file), lazily on the first validation,
// and each compiled validator is cached for the life of the process.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

const SPEC_RELATIVE = join('shared', 'reference', 'xero-openapi', 'xero_accounting.yaml');

/** Finds xero_accounting.yaml: $CXS_XERO_OPENAPI, else `shared/reference/xero-openapi/` in this or any parent dir. */
export function findOpenApiFile(): string {
  const fromEnv = process.env['CXS_XERO_OPENAPI'];
  if (fromEnv) return fromEnv;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    for (const candidate of [
      join(dir, SPEC_RELATIVE),
      join(dir, 'docs', 'reference', 'xero-openapi', 'xero_accounting.yaml'),
    ]) {
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`xero_accounting.yaml not found (set CXS_XERO_OPENAPI or place it at ${SPEC_RELATIVE})`);
}

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

function getAjv(): Ajv {
  if (ajv) return ajv;
  const text = readFileSync(findOpenApiFile(), 'utf8');
  const start = text.indexOf('\n  schemas:\n');
  if (start < 0) throw new Error('xero_accounting.yaml: components.schemas not found');
  const next = /\n {2}[A-Za-z]+:\n/g;
  next.lastIndex = start + 12;
  const m = next.exec(text);
  const doc: unknown = parse('components:' + text.slice(start, m ? m.index : undefined));
  const instance = new Ajv({ strict: false, allErrors: false, validateFormats: true });
  // ajv-formats is CommonJS; under NodeNext its default export arrives as the module namespace.
  const addFormats = (
    typeof addFormatsModule === 'function'
      ? addFormatsModule
      : (addFormatsModule as unknown as { default: (a: Ajv) => Ajv }).default
  ) as (a: Ajv) => Ajv;
  addFormats(instance);
  instance.addSchema({ $id: 'xero', ...(doc as object) });
  ajv = instance;
  return instance;
}

export interface SchemaError {
  path: string;
  message: string;
}

/** Validates `body` against `#/components/schemas/<name>`; returns null when valid. */
export function validateSchema(name: string, body: unknown): SchemaError | null {
  let v = validators.get(name);
  if (!v) {
    v = getAjv().compile({ $ref: `xero#/components/schemas/${name}` });
    validators.set(name, v);
  }
  if (v(body)) return null;
  const e = v.errors?.[0];
  if (!e) return { path: '', message: 'invalid' };
  // Xero (Json.NET) reports paths like 'Invoices[0].LineItems[0].UnitAmount'.
  const path = e.instancePath
    .split('/')
    .filter(Boolean)
    .map((seg) => (/^\d+$/.test(seg) ? `[${seg}]` : `.${seg}`))
    .join('')
    .replace(/^\./, '');
  return { path, message: e.message ?? 'invalid' };
}
