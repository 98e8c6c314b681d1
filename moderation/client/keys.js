// Keyboard shortcuts on the moderation queue pages: j / k move between items, and each action
// button that carries data-key is pressed by its key on the current item (a: let it stand, r: take
// it down, on every queue); x selects it for a bulk action; u presses the Undo shown after a
// decision, from anywhere on the page. A destructive button (data-confirm) asks first, clicked or
// keyed. Without this script every action is still a plain button.
const items = () => [...document.querySelectorAll('.mod-item')];
let current = -1;

function focusItem(index) {
  const list = items();
  if (list.length === 0) return;
  current = Math.max(0, Math.min(list.length - 1, index));
  list.forEach((item, i) => item.classList.toggle('mod-current', i === current));
  list[current].focus({ preventScroll: true });
  list[current].scrollIntoView({ block: 'nearest' });
}

document.addEventListener('keydown', (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  const target = event.target;
  if (target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
  const list = items();
  // The item holding the focus is the current one, however it got there.
  const focused = list.findIndex((item) => item.contains(document.activeElement));
  if (focused >= 0) current = focused;
  if (event.key === 'j') return void (event.preventDefault(), focusItem(current + 1));
  if (event.key === 'k') return void (event.preventDefault(), focusItem(current - 1));
  const undo = event.key === 'u' && document.querySelector('.mod-undo button[data-key="u"]');
  if (undo) return void (event.preventDefault(), undo.click());
  const item = list[current];
  if (!item) return;
  if (event.key === 'x') {
    const box = item.querySelector('input[type="checkbox"]');
    if (box) (event.preventDefault(), (box.checked = !box.checked));
    return;
  }
  const button = item.querySelector(`button[data-key="${CSS.escape(event.key)}"]`);
  if (button) {
    event.preventDefault();
    button.click();
  }
});

document.addEventListener('submit', (event) => {
  const question = event.submitter?.dataset.confirm;
  if (question && !confirm(question)) event.preventDefault();
});

if (items().length > 0) focusItem(0);
