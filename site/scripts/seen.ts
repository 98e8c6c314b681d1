// "New since your last visit", only for a reader who asks this browser to remember: a note of the
// newest comment they were shown on each post ({ [postId]: id } in localStorage). Off by default:
// kept, it tells whoever uses the browser next which posts its reader follows.
import { h } from './dom.ts';
import { readRecord, writeRecord } from './stored-record.ts';

const storageName = 'befriend:seen';

const all = () => readRecord<number>(storageName);
const save = (seen: Record<string, number>) => writeRecord(storageName, seen);

export interface SeenNote {
  /** Whether this browser remembers what its reader has seen of this post. */
  remembering(): boolean;
  /** The newest comment seen on the last visit (0: none, or not remembering). */
  lastSeen: number;
  /** Notes that the reader has now seen up to `id`, when remembering. */
  sawUpTo(id: number): void;
  /** The checkbox that turns it on or off for every post (off forgets all of it). */
  control(changed: () => void): HTMLElement;
}

export function seenNote(postId: string): SeenNote {
  const note: SeenNote = {
    remembering: () => postId in all(),
    lastSeen: all()[postId] ?? 0,
    sawUpTo(id) {
      const seen = all();
      if (!(postId in seen) || (seen[postId] ?? 0) >= id) return;
      save({ ...seen, [postId]: id });
    },
    control(changed) {
      const checkbox = h('input', { type: 'checkbox', id: 'remember-seen' });
      checkbox.checked = note.remembering();
      checkbox.addEventListener('change', () => {
        // Turned off, every post's note goes.
        save(checkbox.checked ? { ...all(), [postId]: 0 } : {});
        changed();
      });
      return h(
        'div',
        { class: 'field-check small' },
        h('label', { for: 'remember-seen' }, checkbox, ' Mark new comments when I come back'),
        h('p', { class: 'small', text: 'This browser then remembers which posts you read. Leave it off on a shared or work computer.' }),
      );
    },
  };
  return note;
}
