// Dateline newsroom: small enhancements to the article editor. Every form works without them.
(() => {
  // biome-ignore lint/suspicious/noRedundantUseStrict: the newsroom loads this as a classic script, not a module
  'use strict';

  const form = document.querySelector('form[data-editor]');
  if (!form) return;
  const field = (name) => form.elements.namedItem(name);

  // ---- The headline is one line: Enter does not break it, pasted line breaks become spaces.
  for (const input of form.querySelectorAll('[data-single-line]')) {
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') event.preventDefault();
    });
    input.addEventListener('input', () => {
      if (/[\r\n]/.test(input.value)) input.value = input.value.replace(/\s*[\r\n]+\s*/g, ' ');
    });
  }

  // ---- Live preview: the server renders the Markdown (sanitized, as readers will see it).
  const body = field('bodyMarkdown');
  const pane = document.querySelector('.preview[data-preview-url]');
  const previewState = document.querySelector('[data-preview-state]');
  let previewTimer;
  let previewTicket = 0;

  function updatePreview() {
    const ticket = ++previewTicket;
    const frame = pane.parentElement;
    frame.classList.add('is-updating');
    fetch(pane.dataset.previewUrl, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
      body: new URLSearchParams({ markdown: body.value, _csrf: field('_csrf').value }),
    })
      .then((response) => {
        if (!response.ok) throw new Error(`preview: HTTP ${response.status}`);
        return response.text();
      })
      .then((html) => {
        if (ticket !== previewTicket) return; // a newer request is on its way
        pane.innerHTML = html;
        if (previewState) {
          previewState.textContent = 'As readers will see it';
          previewState.classList.remove('is-error');
        }
      })
      .catch(() => {
        if (ticket !== previewTicket || !previewState) return;
        previewState.textContent = 'Preview not updated. Your text is safe; it will update as you type.';
        previewState.classList.add('is-error');
      })
      .finally(() => {
        if (ticket === previewTicket) frame.classList.remove('is-updating');
      });
  }

  if (body && pane) {
    body.addEventListener('input', () => {
      clearTimeout(previewTimer);
      previewTimer = setTimeout(updatePreview, 400);
    });
  }

  // ---- Unsaved changes are kept in this browser until a save succeeds, so a failed save loses nothing.
  const key = `dateline:unsaved:${form.getAttribute('action')}`;
  const pendingKey = 'dateline:unsaved:pending';
  // The image file is the browser's to keep, not this copy's: it cannot be stored, nor sent with the autosave.
  const notStored = new Set(['_csrf', 'version', 'intent', 'image']);
  const version = field('version').value;
  const banner = document.querySelector('[data-restore]');
  const saveState = document.querySelector('[data-save-state]');

  function snapshot() {
    const values = {};
    for (const [name, value] of new FormData(form)) {
      if (!notStored.has(name)) values[name] = [...(values[name] ?? []), value];
    }
    return values;
  }

  function apply(values) {
    for (const element of form.elements) {
      if (!element.name || notStored.has(element.name) || element.readOnly || !('value' in element)) continue;
      if (element.type === 'submit' || element.type === 'button') continue;
      const stored = values[element.name] ?? [];
      if (element.type === 'checkbox' || element.type === 'radio') element.checked = stored.includes(element.value);
      else if (stored.length > 0) element.value = stored[0];
    }
  }

  const read = () => {
    try {
      return JSON.parse(localStorage.getItem(key));
    } catch {
      return null;
    }
  };
  const write = (value) => {
    try {
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify(value));
    } catch {
      // storage full or disabled: the editor still works, only without the safety copy
    }
  };

  let loaded = JSON.stringify(snapshot());
  let isDirty = false;
  let isSubmitting = false;

  function showDirty(dirty) {
    isDirty = dirty;
    if (!saveState) return;
    saveState.textContent = dirty ? 'Unsaved changes' : '';
    saveState.classList.toggle('is-dirty', dirty);
  }

  // After a successful save: forget the copy the save came from (a new article's lives under the "new" address).
  if (form.hasAttribute('data-saved')) {
    const pending = sessionStorage.getItem(pendingKey);
    if (pending && pending !== key) localStorage.removeItem(pending);
    const kept = read();
    if (kept && kept.version !== version) write(null);
  }
  sessionStorage.removeItem(pendingKey);

  const kept = read();
  if (kept && JSON.stringify(kept.values) === loaded) write(null);
  else if (kept && banner) {
    const when = banner.querySelector('[data-restore-when]');
    if (when && kept.savedAt) {
      when.textContent = ` (last change ${new Date(kept.savedAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })})`;
    }
    banner.hidden = false;
    banner.querySelector('[data-restore-apply]').addEventListener('click', () => {
      apply(kept.values);
      banner.hidden = true;
      showDirty(true);
      if (body && pane) updatePreview();
      field('headline')?.focus();
    });
    banner.querySelector('[data-restore-discard]').addEventListener('click', () => {
      write(null);
      banner.hidden = true;
    });
  }

  let storeTimer;
  form.addEventListener('input', () => {
    clearTimeout(storeTimer);
    storeTimer = setTimeout(() => {
      const values = snapshot();
      const changed = JSON.stringify(values) !== loaded;
      showDirty(changed);
      if (!banner || banner.hidden) write(changed ? { values, version, savedAt: Date.now() } : null);
    }, 300);
  });

  // ---- A draft saves itself to the server while it is written (the server refuses it on a conflict).
  const autosaveUrl = form.dataset.autosaveUrl;
  let isAutosaving = false;
  async function autosave() {
    if (!autosaveUrl || !isDirty || isSubmitting || isAutosaving) return;
    isAutosaving = true;
    const values = new FormData(form);
    values.set('intent', 'save');
    values.delete('image');
    try {
      const response = await fetch(autosaveUrl, { method: 'POST', body: new URLSearchParams(values), headers: { accept: 'application/json' } });
      const result = await response.json();
      if (response.ok) {
        field('version').value = String(result.revision);
        loaded = JSON.stringify(snapshot());
        write(null);
        showDirty(false);
        if (saveState) saveState.textContent = `Draft saved at ${new Date(result.savedAt).toLocaleTimeString(undefined, { timeStyle: 'short' })}`;
      } else if (saveState) {
        saveState.textContent = result.error ?? 'The draft could not be saved automatically; save it yourself.';
      }
    } catch {
      if (saveState) saveState.textContent = 'Offline: your changes are kept in this browser until you save.';
    } finally {
      isAutosaving = false;
    }
  }
  if (autosaveUrl) setInterval(autosave, 15000);

  form.addEventListener('submit', () => {
    isSubmitting = true;
    sessionStorage.setItem(pendingKey, key);
  });

  window.addEventListener('beforeunload', (event) => {
    if (isDirty && !isSubmitting) event.preventDefault();
  });
})();
