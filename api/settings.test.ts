import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../tests/support/temp-database.ts';
import { openDatabase } from './db/database.ts';
import { cachedSettings, defaultSettings, loadSettings, saveSettings } from './settings.ts';

const temp = useTempDatabase('settings');

describe('settings', () => {
  it('start from the defaults and keep what the editor saves', async () => {
    expect(await loadSettings(temp.db)).toEqual(defaultSettings);
    expect((await saveSettings(temp.db, { reportThreshold: 5, heldWords: ['casino'] })).reportThreshold).toBe(5);
    expect((await loadSettings(temp.db)).heldWords).toEqual(['casino']);
  });

  it('a change leaves the settings it does not name as they were', async () => {
    await saveSettings(temp.db, { maxLinks: 4 });
    expect(await loadSettings(temp.db)).toMatchObject({ reportThreshold: 5, heldWords: ['casino'], maxLinks: 4 });
    await saveSettings(temp.db, { maxLinks: defaultSettings.maxLinks });
  });

  it('refuse an invalid value, changing nothing', async () => {
    await expect(saveSettings(temp.db, { reportThreshold: 0 })).rejects.toThrow();
    expect((await loadSettings(temp.db)).reportThreshold).toBe(5);
  });

  it('saved by another process, are read again once the cache is a second old', async () => {
    let clock = 0;
    const settings = cachedSettings(temp.db, 1000, () => clock);
    expect((await settings()).maxLinks).toBe(2);
    const other = await openDatabase({ url: temp.url });
    try {
      await saveSettings(other, { maxLinks: 7 });
    } finally {
      other.close();
    }
    clock = 999;
    expect((await settings()).maxLinks).toBe(2);
    clock = 1000;
    expect((await settings()).maxLinks).toBe(7);
  });

  it('saved in this process, count from the next read (an editor holding every comment during an attack)', async () => {
    const clock = 5000;
    const settings = cachedSettings(temp.db, 1000, () => clock);
    expect((await settings()).holdMode).toBe('none');
    await saveSettings(temp.db, { holdMode: 'all' });
    expect((await settings()).holdMode).toBe('all');
  });
});
