// What one process does for all on a schedule: the first editor's setup link, forgetting past
// days' source keys and expired counters, erasing decided reports' notes once their decision can
// no longer be undone, moderators' removed text past the retention window, expired sessions, and
// the desk's unsaved work past 30 days.
import { forgetPastDays } from '../api/privacy/day-end.ts';
import { loadSettings } from '../api/settings.ts';
import { deleteExpiredSessions } from '../moderation/auth/sessions.ts';
import { createSetupToken } from '../moderation/auth/setup.ts';
import { eraseDecidedNotes, eraseExpiredText } from '../moderation/decisions.ts';
import type { BoardDatabase } from './board-database.ts';
import { autosaveDays, expireAutosaves } from '../desk/history.ts';

/** Work that one process does for all: setup link, forgetting past days and the daily erasure. Returns its stop. */
export function housekeep({ db, writes }: BoardDatabase, url: string): () => void {
  const clock = () => Date.now();
  // No account yet: a link that creates the first editor, once, within the hour.
  void createSetupToken(db, clock()).then(
    (token) => {
      if (token) console.log(`\n  No moderator account yet. Create the first editor (this link works once, for an hour):\n  ${url}/moderation/setup/${token}\n`);
    },
    (error: unknown) => console.error('Could not make a setup link:', error),
  );
  // Expired counters go, and within ten minutes of a day's end everything that could link that
  // day's readers to their addresses.
  const forget = () => void forgetPastDays(writes, clock()).catch((error: unknown) => console.error('Forgetting the source keys of past days failed:', error));
  forget();
  const pruning = setInterval(forget, 10 * 60_000);
  pruning.unref();
  // Readers' notes on reports upheld are kept while the decision can be undone (five minutes),
  // then erased within the minute after.
  const eraseNotes = () => void eraseDecidedNotes(db, writes, clock()).catch((error: unknown) => console.error('Erasing the notes of decided reports failed:', error));
  eraseNotes();
  const notes = setInterval(eraseNotes, 60_000);
  notes.unref();
  // Moderators' removed text past the retention window is erased, at start and daily.
  const erase = async () => {
    const erased = await eraseExpiredText(writes, clock(), (await loadSettings(db)).removedRetentionDays);
    if (erased > 0) console.log(`Erased the text of ${erased} comment${erased === 1 ? '' : 's'} removed by moderators longer ago than the retention window.`);
    await deleteExpiredSessions(db, clock());
    const expired = await expireAutosaves(writes, clock());
    if (expired > 0) console.log(`Erased ${expired} cop${expired === 1 ? 'y' : 'ies'} of unsaved desk work older than ${autosaveDays} days.`);
  };
  const runErase = () => void erase().catch((error: unknown) => console.error('Erasing expired moderation text failed:', error));
  runErase();
  const daily = setInterval(runErase, 86_400_000);
  daily.unref();
  return () => {
    clearInterval(pruning);
    clearInterval(notes);
    clearInterval(daily);
  };
}

