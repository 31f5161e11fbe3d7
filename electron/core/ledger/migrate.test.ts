import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openLedger } from './ledger.js';
import { runMigrations } from './migrate.js';
import { migrations } from './migrations/index.js';
import type { Migration } from './migrations/types.js';
import { tempDir } from '../../../test/support/ledger.js';

const now = () => new Date('2026-03-02T09:00:00Z');
const dirs: Array<{ cleanup(): void }> = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));
function temp() {
  const d = tempDir();
  dirs.push(d);
  return d;
}

const extra: Migration = {
  id: 100,
  name: 'add-notes',
  up(db) {
    db.exec(`CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL) STRICT`);
  },
};

describe('migrations', () => {
  it('apply once, in order, and are recorded', () => {
    const { file } = temp();
    const db = new Database(file);
    expect(runMigrations(db, migrations, now)).toEqual(migrations.map((m) => m.id));
    expect(runMigrations(db, migrations, now)).toEqual([]);
    expect(runMigrations(db, [...migrations, extra], now)).toEqual([100]);
    expect(db.prepare(`SELECT id, name FROM __migrations__ ORDER BY id`).all()).toEqual([
      { id: 1, name: 'initial' },
      { id: 2, name: 'search-and-sort-indexes' },
      { id: 3, name: 'cliniko-cache' },
      { id: 6, name: 'payment-reports' },
      { id: 7, name: 'record-counts' },
      { id: 100, name: 'add-notes' },
    ]);
    db.close();
  });

  it('openLedger migrates a new file and reopens an existing one without re-running', () => {
    const { file } = temp();
    openLedger(file).close();
    let runs = 0;
    const counting = migrations.map((m) => ({ ...m, up: () => void runs++ }));
    openLedger(file, { migrations: counting }).close();
    expect(runs).toBe(0);
  });

  it('throws out-of-sync when the database has a migration the app does not know (newer version)', () => {
    const { file } = temp();
    openLedger(file, { migrations: [...migrations, extra] }).close();
    expect(() => openLedger(file)).toThrow(/out-of-sync migrations/);
  });

  it('throws out-of-sync when an applied migration was renamed', () => {
    const { file } = temp();
    openLedger(file).close();
    const renamed = migrations.map((m) => ({ ...m, name: `${m.name}-edited` }));
    expect(() => openLedger(file, { migrations: renamed })).toThrow(/out-of-sync migrations/);
  });

  it('throws out-of-sync when a migration is inserted before an applied one', () => {
    const { file } = temp();
    const db = new Database(file);
    runMigrations(db, [{ ...extra, id: 5 }], now);
    expect(() =>
      runMigrations(
        db,
        [
          { ...extra, id: 3, name: 'sneaky' },
          { ...extra, id: 5 },
        ],
        now,
      ),
    ).toThrow(/out-of-sync migrations/);
    db.close();
  });

  it('rolls back a migration that fails, and records nothing', () => {
    const db = new Database(':memory:');
    const broken: Migration = {
      id: 1,
      name: 'broken',
      up(d) {
        d.exec(`CREATE TABLE half (id INTEGER PRIMARY KEY) STRICT`);
        d.exec(`THIS IS NOT SQL`);
      },
    };
    expect(() => runMigrations(db, [broken], now)).toThrow();
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'half'`).get()).toEqual({ n: 0 });
    expect(db.prepare(`SELECT count(*) AS n FROM __migrations__`).get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses a list whose ids do not increase', () => {
    const db = new Database(':memory:');
    expect(() => runMigrations(db, [extra, { ...extra, id: 2 }], now)).toThrow(/increasing/);
    db.close();
  });

  it('creates only STRICT tables', () => {
    const db = new Database(':memory:');
    runMigrations(db, migrations, now);
    const tables = db
      .prepare(
        `SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'`,
      )
      .all() as { name: string; strict: number }[];
    expect(tables.length).toBeGreaterThanOrEqual(8);
    expect(tables.filter((t) => t.strict !== 1)).toEqual([]);
    expect(() =>
      db
        .prepare(
          `INSERT INTO records (source_type, source_id, tenant_id, want_hash, state, created_at, updated_at, total_cents)
           VALUES ('invoice', '1', 't', 'h', 'pending', 'x', 'x', 'not a number')`,
        )
        .run(),
    ).toThrow(/cannot store TEXT value in INTEGER column/);
    db.close();
  });
});
