import type { Database } from 'better-sqlite3';

/**
 * One schema change. Migrations are numbered and IMMUTABLE once released: never edit an applied one,
 * add the next number instead (the startup check refuses a database whose applied list disagrees).
 */
export type Migration = {
  readonly id: number;
  readonly name: string;
  up(db: Database): void;
};
