import type { Database } from 'better-sqlite3';
import type { Migration } from './migrations/types.js';

const TABLE = '__migrations__';

type AppliedRow = { id: number; name: string };

/**
 * Applies the migrations that have not run yet, each in its own transaction together with its row in
 * `__migrations__`. Refuses (throws `out-of-sync migrations`) when the applied list is not exactly a
 * prefix of `list`: a migration was renamed, removed, inserted before an applied one, or the database
 * was written by a newer version of the app. Returns the ids it applied.
 */
export function runMigrations(db: Database, list: readonly Migration[], now: () => Date): number[] {
  for (let i = 1; i < list.length; i++) {
    const prev = list[i - 1];
    const cur = list[i];
    if (prev && cur && cur.id <= prev.id) {
      throw new Error(`migrations must have increasing ids: ${prev.id} then ${cur.id}`);
    }
  }
  db.exec(`CREATE TABLE IF NOT EXISTS ${TABLE} (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const applied = db.prepare(`SELECT id, name FROM ${TABLE} ORDER BY id`).all() as AppliedRow[];
  checkInSync(applied, list);

  const insert = db.prepare(`INSERT INTO ${TABLE} (id, name, applied_at) VALUES (?, ?, ?)`);
  const done: number[] = [];
  for (const m of list.slice(applied.length)) {
    db.transaction(() => {
      m.up(db);
      insert.run(m.id, m.name, now().toISOString());
    })();
    done.push(m.id);
  }
  return done;
}

function checkInSync(applied: readonly AppliedRow[], list: readonly Migration[]): void {
  const describe = (r: { id: number; name: string } | undefined) => (r ? `${r.id}-${r.name}` : 'nothing');
  if (applied.length > list.length) {
    throw new Error(
      `out-of-sync migrations: the database has ${applied.length} applied, this app knows ${list.length} ` +
        `(was it opened by a newer version?)`,
    );
  }
  applied.forEach((row, i) => {
    const file = list[i];
    if (!file || file.id !== row.id || file.name !== row.name) {
      throw new Error(
        `out-of-sync migrations: applied #${i + 1} is ${describe(row)}, the files say ${describe(file)}`,
      );
    }
  });
}
