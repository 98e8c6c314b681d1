// The desk's script: the toolbar, the live preview, autosave, and "is it live yet". The pages work
// without it: the form saves and previews on its buttons.
const form = document.getElementById('desk-editor');
const body = document.getElementById('d-body');
const preview = document.getElementById('desk-preview');
const autosaveNote = document.getElementById('desk-autosave');
const buildLine = document.getElementById('desk-build');

const snippets = {
  pullquote: ['<PullQuote cite="">', '</PullQuote>', 'The sentence to lift out'],
  contribution: ['<Contribution from="" received="">\n', '\n</Contribution>', 'The text as it was sent in'],
  removed: ['<RemovedAtAuthorsRequest />', '', ''],
  bold: ['**', '**', 'bold text'],
  italic: ['*', '*', 'italic text'],
  link: ['[', '](https://)', 'link text'],
};

function fieldsOf() {
  const data = Object.fromEntries(new FormData(form).entries());
  delete data.action;
  return data;
}

async function post(path, data) {
  const response = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(data), credentials: 'same-origin' });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(json?.error?.message ?? `The server answered ${response.status}.`);
  return json;
}

function debounce(fn, ms) {
  let timer;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}

const clock = (ms) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

if (form && body && !body.disabled) {
  const toolbar = form.querySelector('.desk-toolbar');
  if (toolbar) {
    toolbar.hidden = false;
    toolbar.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-insert]');
      if (!button) return;
      const [before, after, placeholder] = snippets[button.dataset.insert];
      const { selectionStart: start, selectionEnd: end, value } = body;
      const chosen = value.slice(start, end) || placeholder;
      const block = before.startsWith('<') && start > 0 && value[start - 1] !== '\n' ? '\n\n' : '';
      body.setRangeText(`${block}${before}${chosen}${after}`, start, end, 'end');
      body.focus();
      const chosenAt = start + block.length + before.length;
      body.setSelectionRange(chosenAt, chosenAt + chosen.length);
      changed();
    });
  }

  let previewRun = 0;
  const refreshPreview = async () => {
    const run = ++previewRun;
    try {
      const result = await post('/desk/preview', fieldsOf());
      if (run !== previewRun) return;
      if (result.html !== undefined) preview.innerHTML = result.html;
      else {
        const list = document.createElement('ul');
        list.className = 'notice notice-error';
        for (const p of result.problems ?? []) {
          const item = document.createElement('li');
          item.textContent = `Line ${p.line}, column ${p.column}: ${p.message}`;
          list.append(item);
        }
        preview.replaceChildren(list);
      }
    } catch (error) {
      if (run === previewRun) preview.textContent = `No preview: ${error.message}`;
    }
  };

  const autosave = async () => {
    try {
      const result = await post('/desk/autosave', fieldsOf());
      if (autosaveNote) autosaveNote.textContent = `Changes kept at ${clock(result.savedAt)} (not yet saved to the post).`;
    } catch (error) {
      if (autosaveNote) autosaveNote.textContent = `Your changes could not be kept: ${error.message}`;
    }
  };

  const previewSoon = debounce(refreshPreview, 400);
  const autosaveSoon = debounce(autosave, 1500);
  function changed() {
    previewSoon();
    autosaveSoon();
  }
  form.addEventListener('input', changed);
  form.addEventListener('submit', () => (previewRun += 1));
  const key = form.dataset.draftKey;
  if (key?.startsWith('new-') && !new URL(location.href).searchParams.has('draft')) history.replaceState(null, '', `/desk/new?draft=${key}`);
  void refreshPreview();
}

// Pictures: uploaded from their own form, dropped or pasted into the text; the Markdown that shows
// one goes where the cursor is.
const images = document.getElementById('desk-images');
if (images && body && !body.disabled) {
  const fileInput = images.querySelector('input[type=file]');
  const altInput = images.querySelector('#d-alt');
  const status = document.getElementById('desk-image-status');
  images.removeAttribute('target');
  images.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.textContent = 'Uploading…';
    try {
      const response = await fetch('/desk/images', { method: 'POST', body: new FormData(images), headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      const json = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(json?.error?.message ?? `The server answered ${response.status}.`);
      const at = body.selectionStart;
      const before = at > 0 && body.value[at - 1] !== '\n' ? '\n\n' : '';
      body.setRangeText(`${before}${json.markdown}\n\n`, at, body.selectionEnd, 'end');
      images.reset();
      status.textContent = 'Added to the text.';
      body.dispatchEvent(new Event('input', { bubbles: true }));
    } catch (error) {
      status.textContent = `Not uploaded: ${error.message}`;
    }
  });
  const take = (files) => {
    const file = [...(files ?? [])].find((f) => f.type.startsWith('image/'));
    if (!file) return false;
    const list = new DataTransfer();
    list.items.add(file);
    fileInput.files = list.files;
    status.textContent = 'Describe the picture, then press Upload.';
    altInput.focus();
    return true;
  };
  body.addEventListener('dragover', (event) => event.preventDefault());
  body.addEventListener('drop', (event) => {
    if (take(event.dataTransfer?.files)) event.preventDefault();
  });
  body.addEventListener('paste', (event) => {
    if (take(event.clipboardData?.files)) event.preventDefault();
  });
}

// After a save: say when the change is live, from the server's build status.
const stateLine = document.getElementById('desk-state');
const saved = new URL(location.href).searchParams.get('saved');
if (stateLine && buildLine) {
  const id = location.pathname.split('/')[3];
  const poll = async () => {
    const response = await fetch(`/desk/status?post=${encodeURIComponent(id)}&saved=${saved ?? 0}`, { headers: { Accept: 'application/json' } }).catch(() => undefined);
    const status = response?.ok ? await response.json() : undefined;
    const build = status?.build;
    if (build) {
      buildLine.dataset.state = build.state;
      if (build.state === 'building') buildLine.textContent = `Updating the site (${build.reason ?? 'a change'})…`;
      else if (build.state === 'failed') buildLine.textContent = `The last update failed, so the site is as it was: ${build.error?.message ?? ''}`;
    }
    const info = status?.post;
    if (saved && info && info.state === 'published' && info.live) {
      buildLine.textContent = 'Live now. ';
      const link = document.createElement('a');
      link.href = info.url;
      link.textContent = 'View it on the site';
      buildLine.append(link);
      buildLine.dataset.state = 'live';
      return;
    }
    // A draft or a scheduled post: the site is right once a build made after the save is served.
    if (saved && info && info.state !== 'published' && info.upToDate && build?.state !== 'building' && !build?.queued) {
      buildLine.textContent = info.state === 'draft' ? 'The site is updated: readers do not see this post.' : 'The site is updated: the post goes live by itself at its time.';
      buildLine.dataset.state = 'updated';
      return;
    }
    if (build?.state === 'failed' && !build.queued) return;
    if (saved || build?.state === 'building') setTimeout(poll, 2000);
  };
  void poll();
}
