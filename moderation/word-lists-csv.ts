// The word lists as CSV, for moving them between boards or editing them in a spreadsheet: a header
// `word,action`, then one entry a row (RFC 4180 quoting, so entries may hold commas and quotes).
import { ApiError } from '../api/errors.ts';
import type { Settings } from '../api/settings.ts';
import { wordActions, wordListSetting, type WordAction, type WordLists } from '../api/comments/word-lists.ts';

const quoted = (field: string) => (/[",\r\n]/.test(field) || field !== field.trim() ? `"${field.replace(/"/g, '""')}"` : field);

export function wordListsCsv(settings: WordLists): string {
  const rows = wordActions.flatMap((action) => settings[wordListSetting[action]].map((word) => `${quoted(word)},${action}`));
  return ['word,action', ...rows].map((row) => `${row}\r\n`).join('');
}

/** The rows of a CSV text, each a list of fields; refuses an unterminated quote. */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoting = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoting) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoting = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoting = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += ch;
  }
  if (quoting) throw new ApiError('validation_failed', `Line ${rows.length + 1}: a quoted word is not closed.`, { field: 'csv' });
  if (field !== '' || row.length > 0) row.push(field), rows.push(row);
  return rows.filter((r) => !(r.length === 1 && r[0]!.trim() === ''));
}

/** The lists a CSV text holds, checked line by line; the first fault refuses the whole file. */
export function parseWordListsCsv(text: string): Pick<Settings, 'refusedWords' | 'heldWords' | 'flaggedWords'> {
  const rows = csvRows(text.replace(/^\uFEFF/, ''));
  const fault = (line: number, message: string) => new ApiError('validation_failed', `Line ${line}: ${message}`, { field: 'csv' });
  const [header, ...entries] = rows;
  if (!header || header.map((h) => h.trim().toLowerCase()).join(',') !== 'word,action') throw fault(1, 'the first line must be the header “word,action”.');
  const lists = { refusedWords: [] as string[], heldWords: [] as string[], flaggedWords: [] as string[] };
  entries.forEach((fields, i) => {
    const line = i + 2;
    if (fields.length !== 2) throw fault(line, `expected a word and an action, found ${fields.length} field${fields.length === 1 ? '' : 's'} (quote a word that holds a comma).`);
    const word = fields[0]!.trim();
    const action = fields[1]!.trim().toLowerCase() as WordAction;
    if (!word) throw fault(line, 'the word is empty.');
    if (word.length > 100) throw fault(line, 'the word is longer than 100 characters.');
    if (!wordActions.includes(action)) throw fault(line, `the action must be refuse, hold or flag, not “${fields[1]}”.`);
    const list = lists[wordListSetting[action]];
    if (!list.some((w) => w.toLowerCase() === word.toLowerCase())) list.push(word);
  });
  return lists;
}

/** Adds what the file holds to the lists as they are (an entry already in a list is not added twice). */
export function mergeWordLists(current: WordLists, added: WordLists): Pick<Settings, 'refusedWords' | 'heldWords' | 'flaggedWords'> {
  const merged = (key: keyof WordLists) => [...current[key], ...added[key].filter((word) => !current[key].some((w) => w.toLowerCase() === word.toLowerCase()))];
  return { refusedWords: merged('refusedWords'), heldWords: merged('heldWords'), flaggedWords: merged('flaggedWords') };
}
