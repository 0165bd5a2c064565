// Gloss admin, the post editor: live preview, autosave, a copy in the browser, a warning before
// leaving with unsaved changes, label completion. The editor works without this file.
(() => {
  const form = document.getElementById('editor');
  if (!form) return;
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content ?? '';
  const panes = form.querySelector('.editor-panes');
  const previewBody = form.querySelector('.preview-body');
  const pathPreview = form.querySelector('.path-preview code');
  const statusLine = form.querySelector('.autosave-status');
  const tabs = form.querySelector('.editor-tabs');
  const AUTOSAVE_MS = 15000;

  let postId = form.dataset.postId || '';
  let dirty = false;
  let changedSinceAutosave = false;
  let submitting = false;

  // ---- the form's text fields, as sent ----
  const textFields = () => {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (typeof value === 'string' && name !== '_csrf' && name !== 'action') params.append(name, value);
    }
    return params;
  };

  // keepalive lets a save started as the tab closes finish (browsers cap such bodies at 64 KB).
  const post = (url, params, keepalive = false) =>
    fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'x-csrf-token': csrf, accept: 'application/json' },
      body: params,
      keepalive: keepalive && params.toString().length < 60000,
    });

  const say = (text, kind) => {
    if (!statusLine) return;
    statusLine.textContent = '';
    statusLine.className = `autosave-status hint${kind ? ` ${kind}` : ''}`;
    if (typeof text === 'string') statusLine.textContent = text;
    else statusLine.append(...text);
  };

  const clock = (iso) =>
    new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

  // ---- tabs: write, preview, side by side ----
  const show = (view) => {
    panes.dataset.view = view;
    for (const tab of tabs.querySelectorAll('[data-tab]')) {
      tab.setAttribute('aria-selected', String(tab.dataset.tab === view));
    }
    try {
      localStorage.setItem('gloss-editor-view', view);
    } catch {}
    if (view !== 'write') refreshPreview();
  };
  if (tabs) {
    tabs.hidden = false;
    tabs.addEventListener('click', (event) => {
      const tab = event.target.closest('[data-tab]');
      if (tab) show(tab.dataset.tab);
    });
  }

  // ---- live preview and the planned path, from the server's own converter ----
  let previewTimer;
  let previewSeq = 0;
  async function refreshPreview() {
    const seq = ++previewSeq;
    try {
      const res = await post('/admin/posts/preview', textFields());
      if (!res.ok || seq !== previewSeq) return;
      const data = await res.json();
      if (panes.dataset.view !== 'write')
        previewBody.innerHTML = data.html || '<p class="empty">Nothing written yet.</p>';
      if (pathPreview && data.path) {
        let readable = data.path;
        try {
          readable = decodeURI(data.path);
        } catch {}
        pathPreview.textContent = readable;
      }
    } catch {}
  }
  const schedulePreview = () => {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(refreshPreview, 350);
  };

  // The view chosen last time (after the preview code above exists).
  if (tabs) {
    let saved = null;
    try {
      saved = localStorage.getItem('gloss-editor-view');
    } catch {}
    if (saved === 'preview' || saved === 'split') show(saved);
  }

  // ---- changes: dirty flag, browser copy, preview ----
  const backupKey = () => `gloss-editor:${postId || 'new'}`;
  let backupTimer;
  const backup = () => {
    clearTimeout(backupTimer);
    backupTimer = setTimeout(() => {
      try {
        localStorage.setItem(backupKey(), JSON.stringify({ at: Date.now(), fields: [...textFields()] }));
      } catch {}
    }, 800);
  };
  const forgetBackup = (id) => {
    try {
      localStorage.removeItem(`gloss-editor:${id}`);
    } catch {}
  };

  const onChange = (event) => {
    if (event.target.name === '_csrf') return;
    dirty = true;
    changedSinceAutosave = true;
    backup();
    if (['body', 'format', 'title', 'slug', 'date'].includes(event.target.name)) schedulePreview();
    if (event.target.name === 'date') labelPublish();
  };
  form.addEventListener('input', onChange);
  form.addEventListener('change', onChange);

  form.addEventListener('submit', () => {
    submitting = true;
  });
  window.addEventListener('beforeunload', (event) => {
    if (dirty && !submitting) {
      event.preventDefault();
      event.returnValue = '';
    }
  });
  // A submission that opened a preview tab leaves this page in place: keep guarding it.
  window.addEventListener('focus', () => {
    submitting = false;
  });

  // ---- "Publish" says "Schedule" when the date is in the future ----
  const dateInput = form.elements.namedItem('date');
  const publishButton = form.querySelector('[data-publish]');
  function labelPublish() {
    if (!publishButton || !dateInput) return;
    const when = dateInput.value ? Date.parse(dateInput.value) : Number.NaN;
    // The input is in the blog's zone; the browser's zone is close enough to pick the word.
    publishButton.textContent = when > Date.now() ? 'Schedule' : 'Publish';
  }
  labelPublish();

  // ---- autosave ----
  async function autosave(leaving = false) {
    if (!changedSinceAutosave || submitting) return;
    changedSinceAutosave = false;
    const url = postId ? `/admin/posts/${postId}/autosave` : '/admin/posts/autosave';
    try {
      const res = await post(url, textFields(), leaving);
      if (res.status === 401) {
        changedSinceAutosave = true;
        const link = document.createElement('a');
        link.href = '/admin/login';
        link.target = '_blank';
        link.textContent = 'Sign in again';
        say(['Your session has ended. ', link, ' in another tab; your text is kept here.'], 'warn');
        return;
      }
      const data = await res.json();
      if (!res.ok || !data.ok) {
        changedSinceAutosave = true;
        say(data.message || 'Autosave failed; your text is kept in this browser.', 'warn');
        return;
      }
      if (data.id && !postId) {
        forgetBackup('new');
        postId = String(data.id);
        form.dataset.postId = postId;
        form.action = data.action;
        history.replaceState(null, '', data.editUrl);
      }
      if (data.kept === 'draft' || data.kept === 'aside') {
        forgetBackup(postId);
        dirty = changedSinceAutosave;
        say(
          data.kept === 'draft'
            ? `Draft autosaved at ${clock(data.savedAt)}`
            : `Changes autosaved at ${clock(data.savedAt)} (not yet public: press Update)`,
        );
        if (data.kept === 'aside') dirty = true;
      }
    } catch {
      changedSinceAutosave = true;
      say('Offline? Autosave will try again; your text is kept in this browser.', 'warn');
    }
  }
  setInterval(autosave, AUTOSAVE_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') autosave(true);
  });
  window.addEventListener('pagehide', () => autosave(true));

  // ---- a copy kept in this browser, offered back when it differs from what the page shows ----
  const params = new URLSearchParams(location.search);
  if (params.has('done')) {
    forgetBackup(postId);
    forgetBackup('new');
  } else {
    let stored = null;
    try {
      stored = JSON.parse(localStorage.getItem(backupKey()) || 'null');
    } catch {}
    if (stored && Array.isArray(stored.fields)) {
      const now = new URLSearchParams(textFields());
      const differs = stored.fields.some(([name, value]) => name !== 'kind' && now.get(name) !== value);
      if (differs) offerBackup(stored);
    }
  }

  function offerBackup(stored) {
    const bar = document.createElement('div');
    bar.className = 'notice notice-warn';
    bar.setAttribute('role', 'status');
    const text = document.createElement('span');
    text.textContent = `This browser kept unsaved text from ${new Date(stored.at).toLocaleString()}. `;
    const restore = document.createElement('button');
    restore.type = 'button';
    restore.className = 'small';
    restore.textContent = 'Restore it';
    const drop = document.createElement('button');
    drop.type = 'button';
    drop.className = 'small';
    drop.textContent = 'Discard';
    bar.append(text, restore, drop);
    form.before(bar);
    restore.addEventListener('click', () => {
      setLabels(stored.fields.filter(([name]) => name === 'label').map(([, value]) => value));
      for (const [name, value] of stored.fields) {
        if (name === 'label') continue;
        const field = form.elements.namedItem(name);
        if (field && 'value' in field && field.type !== 'file') field.value = value;
      }
      dirty = true;
      changedSinceAutosave = true;
      bar.remove();
      schedulePreview();
    });
    drop.addEventListener('click', () => {
      forgetBackup(postId || 'new');
      bar.remove();
    });
  }

  // ---- labels: one token each (a label may hold a comma), completion of the one being typed ----
  const labelsInput = form.elements.namedItem('labels');
  const chips = form.querySelector('.label-chips');
  const datalist = document.getElementById('label-options');
  const known = datalist ? [...datalist.options].map((o) => o.value) : [];
  const chosenLabels = () =>
    chips ? [...chips.querySelectorAll('input[name="label"]')].map((i) => i.value) : [];

  function addChip(label) {
    const li = document.createElement('li');
    const wrap = document.createElement('label');
    wrap.className = 'label-chip';
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.name = 'label';
    box.value = label;
    box.checked = true;
    const text = document.createElement('span');
    text.textContent = label;
    wrap.append(box, text);
    li.append(wrap);
    chips.append(li);
    enhanceChip(li);
  }

  // With script a chip shows a remove button instead of its checkbox.
  function enhanceChip(li) {
    const box = li.querySelector('input[name="label"]');
    box.hidden = true;
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'label-remove';
    remove.setAttribute('aria-label', `Remove label ${box.value}`);
    remove.textContent = '×';
    remove.addEventListener('click', () => {
      li.remove();
      labelsInput?.focus();
      changed();
    });
    li.querySelector('.label-chip').append(remove);
  }

  function setLabels(labels) {
    if (!chips) return;
    chips.replaceChildren();
    for (const label of labels) addChip(label);
  }

  /** Turns typed text into tokens: split at commas, each kept once. */
  function commitTyped(text) {
    const have = new Set(chosenLabels());
    for (const part of text.split(',')) {
      const label = part.trim();
      if (label && !have.has(label)) {
        have.add(label);
        addChip(label);
      }
    }
  }

  function changed() {
    dirty = true;
    changedSinceAutosave = true;
    backup();
  }

  if (chips && labelsInput) {
    for (const li of chips.children) enhanceChip(li);
    const hint = form.querySelector('.label-hint');
    if (hint) hint.textContent = 'A comma or Enter ends a label; choose a known one from the list.';
    labelsInput.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === 'Tab') {
        if (!labelsInput.value.trim()) return;
        if (event.key === 'Enter') event.preventDefault();
        // A label picked from the list is taken whole, even when it holds a comma.
        const value = labelsInput.value.trim();
        if (known.includes(value)) {
          if (!chosenLabels().includes(value)) addChip(value);
        } else commitTyped(value);
        labelsInput.value = '';
        completeLabels();
        changed();
      } else if (event.key === 'Backspace' && !labelsInput.value && chips.lastElementChild) {
        chips.lastElementChild.remove();
        changed();
      }
    });
    labelsInput.addEventListener('input', (event) => {
      const value = labelsInput.value;
      // A known label chosen from the list arrives whole (inputType is not a typed character).
      if (known.includes(value.trim()) && event.inputType !== 'insertText') {
        if (!chosenLabels().includes(value.trim())) addChip(value.trim());
        labelsInput.value = '';
      } else if (value.includes(',') && !known.some((k) => k.startsWith(value.trim()))) {
        const cut = value.lastIndexOf(',');
        commitTyped(value.slice(0, cut));
        labelsInput.value = value.slice(cut + 1).trimStart();
      }
      completeLabels();
    });
    // Text left in the box when the form goes: a known label whole, anything else split at commas.
    form.addEventListener('submit', () => {
      const value = labelsInput.value.trim();
      if (!value) return;
      if (known.includes(value)) {
        if (!chosenLabels().includes(value)) addChip(value);
      } else commitTyped(value);
      labelsInput.value = '';
    });
  }

  function completeLabels() {
    if (!labelsInput || !datalist) return;
    const typed = labelsInput.value.trim().toLowerCase();
    const chosen = new Set(chosenLabels());
    datalist.replaceChildren(
      ...known
        .filter((l) => !chosen.has(l))
        .filter((l) => !typed || l.toLowerCase().includes(typed))
        .slice(0, 50)
        .map((l) => {
          const option = document.createElement('option');
          option.value = l;
          return option;
        }),
    );
  }

  // ---- the chosen image file, shown before upload ----
  const fileInput = form.elements.namedItem('image_file');
  fileInput?.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    const panel = fileInput.closest('.image-panel');
    let figure = panel.querySelector('.image-current');
    if (!file) return;
    if (!figure) {
      figure = document.createElement('figure');
      figure.className = 'image-current';
      figure.append(document.createElement('img'));
      panel.querySelector('h2').after(figure);
    }
    figure.querySelector('img').src = URL.createObjectURL(file);
    figure.querySelector('img').alt = 'The chosen image';
  });
})();
