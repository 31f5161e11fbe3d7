import { mkdir, open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/**
 * Non-secret facts about the two connections, kept in `connections.json` in the data folder so the
 * status is known without touching the keychain. The Cliniko key and the Xero token set live only
 * in the SecretStore (docs/decisions/004-connections.md). Written atomically (temp file + rename),
 * writes serialised.
 */
const tenantSchema = z.object({
  tenantId: z.string(),
  tenantName: z.string(),
  connectionId: z.string(),
});

const stateSchema = z.object({
  cliniko: z
    .object({
      account: z.string(),
      user: z.string().nullable(),
      baseUrl: z.string(),
      connectedAt: z.string(),
    })
    .nullable()
    .default(null),
  xero: z
    .object({
      /** The organisation being synced; null while the user has not picked one of several. */
      tenantId: z.string().nullable(),
      tenantName: z.string().nullable(),
      connectionId: z.string().nullable(),
      /** Every organisation of the last consent (the picker's list). */
      tenants: z.array(tenantSchema),
      scopes: z.string(),
      needsReconnect: z.boolean(),
      reconnectReason: z.string().nullable().default(null),
      connectedAt: z.string(),
    })
    .nullable()
    .default(null),
});

export type StoredTenant = z.output<typeof tenantSchema>;
export type ConnectionState = z.output<typeof stateSchema>;
export type ClinikoState = NonNullable<ConnectionState['cliniko']>;
export type XeroState = NonNullable<ConnectionState['xero']>;

export const CONNECTIONS_FILE = 'connections.json';

export class ConnectionStateFile {
  readonly file: string;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.file = path.join(dataDir, CONNECTIONS_FILE);
  }

  async read(): Promise<ConnectionState> {
    await this.#queue.catch(() => undefined);
    return this.#read();
  }

  /** Read-modify-write, serialised with every other update. */
  update(fn: (s: ConnectionState) => ConnectionState): Promise<ConnectionState> {
    const run = this.#queue.then(async () => {
      const next = fn(await this.#read());
      await this.#write(next);
      return next;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #read(): Promise<ConnectionState> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { cliniko: null, xero: null };
      throw err;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { cliniko: null, xero: null }; // a corrupt file means "not connected": reconnecting rewrites it
    }
    const parsed = stateSchema.safeParse(json);
    return parsed.success ? parsed.data : { cliniko: null, xero: null };
  }

  async #write(state: ConnectionState): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.${Date.now()}.tmp`;
    const handle = await open(tmp, 'w', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(state, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, this.file);
  }
}
