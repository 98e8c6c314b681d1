// What a copy of the comments database may carry. A backup carries nothing that could link a
// reader to an address (no source key or tag, counter or nonce, not even in its free pages); a backup
// is restored only if its schema is exactly what Befriend's migrations make, so that no trigger,
// view or table planted in it can copy or keep text that is erased later.
import { createClient } from '@libsql/client';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMigrations, migrate } from '../api/db/database.ts';
import { secureDelete } from '../api/db/erasure.ts';
import { forgetAllSources } from '../api/privacy/day-end.ts';

/**
 * Deletes every source key and tag, hold on a source, rate-limit counter and nonce from a copy
 * nobody else has open, then rebuilds it, so no free page or slack space keeps them.
 */
export async function forgetSourcesIn(path: string): Promise<void> {
  const db = createClient({ url: `file:${path}`, concurrency: 1 });
  try {
    // No journal: the pages as they were before are never written anywhere else.
    await db.execute('PRAGMA journal_mode = OFF');
    await db.execute(secureDelete);
    const version = Number((await db.execute('PRAGMA user_version')).rows[0]?.[0] ?? 0);
    await db.batch(forgetAllSources({ sourceKeysNullable: version >= 4, sourceTags: version >= 13 }), 'write');
    await db.execute('VACUUM');
  } finally {
    db.close();
  }
}

interface SchemaObject {
  type: string;
  name: string;
  sql: string | null;
}

async function schemaOf(path: string): Promise<SchemaObject[]> {
  const db = createClient({ url: `file:${path}`, concurrency: 1 });
  try {
    const rows = (await db.execute('SELECT type, name, sql FROM sqlite_schema ORDER BY type, name')).rows;
    return rows.map((row) => ({ type: String(row['type']), name: String(row['name']), sql: row['sql'] === null ? null : String(row['sql']).replace(/\s+/g, ' ').trim() }));
  } finally {
    db.close();
  }
}

/** What the migrations up to `version` make, in a scratch database of its own. */
async function expectedSchema(version: number): Promise<SchemaObject[]> {
  const dir = await mkdtemp(join(tmpdir(), 'befriend-schema-'));
  const path = join(dir, 'expected.db');
  try {
    const db = createClient({ url: `file:${path}`, concurrency: 1 });
    try {
      await migrate(db, (await loadMigrations()).filter((m) => m.version <= version));
    } finally {
      db.close();
    }
    return await schemaOf(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// Tables SQLite makes for itself (ANALYZE's statistics, AUTOINCREMENT's counters) may be there.
const sqliteOwn = new Set(['sqlite_sequence', 'sqlite_stat1', 'sqlite_stat2', 'sqlite_stat3', 'sqlite_stat4']);

/**
 * How the schema of the database file at `path` differs from the one the migrations make for its
 * version: one phrase per object, e.g. `a trigger "keep" that Befriend never makes`. Empty when
 * they are the same.
 */
export async function schemaDifferences(path: string, version: number): Promise<string[]> {
  const [actual, expected] = await Promise.all([schemaOf(path), expectedSchema(version)]);
  const key = (o: SchemaObject) => `${o.type}\n${o.name}`;
  const wanted = new Map(expected.map((o) => [key(o), o]));
  const found = new Set(actual.map(key));
  const differences: string[] = [];
  for (const object of actual) {
    const same = wanted.get(key(object));
    if (!same) {
      if (!(object.type === 'table' && sqliteOwn.has(object.name))) differences.push(`a ${object.type} "${object.name}" that Befriend never makes`);
    } else if (same.sql !== object.sql) differences.push(`the ${object.type} "${object.name}" changed`);
  }
  for (const object of expected) if (!found.has(key(object))) differences.push(`no ${object.type} "${object.name}"`);
  return differences;
}
