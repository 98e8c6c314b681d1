// Removal keys in the browser. A key is kept on the device only when its writer ticks "Keep the key
// on this device": anything kept there tells whoever uses the browser next which comments are
// theirs. Otherwise the key lives in the page alone, shown beside the new comment until they leave.
import { keepKeyText, writtenText } from '../lib/comment-labels.ts';
import { h } from './dom.ts';
import { readRecord, writeRecord } from './stored-record.ts';

/** The keys this browser keeps, by the writer's choice: { [commentId]: key } in localStorage. */
export const keptKeys = {
  name: 'befriend:removal-keys',
  all(): Record<string, string> {
    return readRecord<string>(this.name);
  },
  get(id: number): string | undefined {
    return this.all()[String(id)];
  },
  any(): boolean {
    return Object.keys(this.all()).length > 0;
  },
  set(id: number, key: string): void {
    this.save({ ...this.all(), [String(id)]: key });
  },
  delete(id: number): void {
    const all = this.all();
    delete all[String(id)];
    this.save(all);
  },
  /** Forgets every key: nothing of them is left in the browser's storage. */
  clear(): void {
    this.save({});
  },
  save(all: Record<string, string>): void {
    // Refused (private mode, storage full): the key is still shown beside the comment, to be kept by hand.
    writeRecord(this.name, all);
  },
};

/** The writer's choice, on the comment form: unticked unless they tick it, every time. */
export function keepKeyField(id: string): { field: HTMLElement; checkbox: HTMLInputElement } {
  const checkbox = h('input', { type: 'checkbox', id: `keep-${id}`, name: 'keepKey' });
  const field = h(
    'div',
    { class: 'field field-check' },
    h('label', { for: `keep-${id}` }, checkbox, ` ${keepKeyText.label}`),
    h('p', { class: 'small', id: `keep-help-${id}`, text: keepKeyText.help }),
  );
  checkbox.setAttribute('aria-describedby', `keep-help-${id}`);
  return { field, checkbox };
}

/**
 * A new comment's removal key, beside it, with a copy button: the same words as the page without
 * JavaScript. `status` (for the comment just written) adds what became of it.
 */
export function keyBox(commentId: number, removalKey: string, options: { status?: 'published' | 'pending' | undefined; kept: boolean }): HTMLElement {
  const code = h('code', { class: 'removal-key', text: removalKey });
  const copied = h('span', { class: 'small copy-note', role: 'status' });
  const copy = h('button', { type: 'button', class: 'copy-key', text: writtenText.copy });
  copy.addEventListener('click', async () => {
    try {
      if (!navigator.clipboard) throw new Error('No clipboard here');
      await navigator.clipboard.writeText(removalKey);
      copied.textContent = writtenText.copied;
    } catch {
      // Without the clipboard (an http page, a refusal): select the key for the reader to copy.
      getSelection()?.selectAllChildren(code);
      copied.textContent = writtenText.selected;
    }
  });
  const { status } = options;
  return h(
    'div',
    { class: 'key-box', 'data-key-for': String(commentId), tabindex: '-1' },
    status
      ? h('p', { class: 'key-box-status' }, h('strong', { text: status === 'published' ? writtenText.published : writtenText.held }), status === 'pending' ? ` ${writtenText.heldSeenBy}` : '')
      : null,
    h('p', {}, `${writtenText.key} `, code, ' ', copy, ' ', copied),
    h('p', { class: 'small', text: writtenText.keyHelp }),
    options.kept ? h('p', { class: 'small', text: writtenText.keptHere }) : null,
  );
}

/** "Forget the keys kept on this device", while this browser keeps any. */
export function forgetKeysControl(forgotten: () => void): HTMLElement | null {
  if (!keptKeys.any()) return null;
  const button = h('button', { type: 'button', text: keepKeyText.forget });
  button.addEventListener('click', () => {
    keptKeys.clear();
    forgotten();
  });
  return h('p', { class: 'small kept-keys' }, `${keepKeyText.forgetNote} `, button);
}
