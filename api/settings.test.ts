import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './db/database.ts';
import { cachedSettings, defaultSettings, loadSettings, saveSettings } from './settings.ts';

let dir: string;
let db: Database;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'befriend-settings-'));
  db = await openDatabase({ url: `file:${join(dir, 'settings.db')}` });
});
afterAll(async () => {
  db?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('settings', () => {
  it('start from the defaults and keep what the editor saves', async () => {
    expect(await loadSettings(db)).toEqual(defaultSettings);
    expect((await saveSettings(db, { reportThreshold: 5, heldWords: ['casino'] })).reportThreshold).toBe(5);
    expect((await loadSettings(db)).heldWords).toEqual(['casino']);
  });

  it('refuse an invalid value, changing nothing', async () => {
    await expect(saveSettings(db, { reportThreshold: 0 })).rejects.toThrow();
    expect((await loadSettings(db)).reportThreshold).toBe(5);
  });

  it('are read again once the cache is a second old', async () => {
    let clock = 0;
    const settings = cachedSettings(db, 1000, () => clock);
    expect((await settings()).maxLinks).toBe(2);
    await saveSettings(db, { maxLinks: 7 });
    clock = 999;
    expect((await settings()).maxLinks).toBe(2);
    clock = 1000;
    expect((await settings()).maxLinks).toBe(7);
  });
});
