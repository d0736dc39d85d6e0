/**
 * Bundle story-editor.js (the story editor page only). Without it the
 * editor is complete: every change is a CSRF form. With it:
 * - text fields (title, introduction, headings, the curator's text) save
 *   themselves through PATCH /api/v1/stories/:id a moment after typing,
 *   with the state shown next to the status badge;
 * - Up/Down buttons move in place, keep the focus, and save;
 * - items and sections can be dragged by their handle.
 * The body sent is always the whole structure read from the page, so a
 * save can never apply half a reorder.
 */
import { moveInPlace, readDocument, refreshSectionButtons } from './story-editor/document.ts';
import { enableDragging } from './story-editor/drag.ts';

const DEBOUNCE_MS = 800;

function start(): void {
  const root = document.querySelector<HTMLElement>('[data-story-editor]');
  const state = root?.querySelector<HTMLElement>('[data-save-state]');
  if (!root || !state) return;
  const url = `/api/v1/stories/${root.dataset.storyEditor}`;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let saving: Promise<void> | null = null;
  let dirty = false;

  const show = (text: string, problem = false) => {
    state.textContent = text;
    state.classList.toggle('is-error', problem);
  };
  show('Autosave is on: changes save as you type.');

  async function save(): Promise<void> {
    clearTimeout(timer);
    if (saving) {
      // One request at a time; the next one reads the page again when it starts.
      await saving;
      if (!dirty) return;
    }
    dirty = false;
    show('Saving…');
    saving = (async () => {
      try {
        const body = { ...readDocument(root!), baseVersion: Number(root!.dataset.version) };
        const response = await fetch(url, { method: 'PATCH', headers: { 'content-type': 'application/json', accept: 'application/json' }, credentials: 'same-origin', body: JSON.stringify(body) });
        if (response.ok) {
          root!.dataset.version = String(((await response.json()) as { version: number }).version);
          show(`All changes saved at ${new Date().toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' })}.`);
        } else {
          const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
          dirty = true;
          show(`Not saved: ${body?.error?.message ?? `error ${response.status}`}`, true);
        }
      } catch {
        dirty = true;
        show('Not saved: the server could not be reached. Changes stay on this page; try again.', true);
      } finally {
        saving = null;
      }
    })();
    await saving;
  }

  const soon = () => {
    dirty = true;
    show('Unsaved changes…');
    clearTimeout(timer);
    timer = setTimeout(() => void save(), DEBOUNCE_MS);
  };

  root.addEventListener('input', (event) => {
    if ((event.target as Element).closest('[data-field]')) soon();
  });

  root.addEventListener('submit', (event) => {
    const form = event.target as HTMLFormElement;
    const op = form.dataset.op;
    if (op === 'move-item' || op === 'move-section') {
      event.preventDefault();
      const direction = (form.querySelector<HTMLInputElement>('input[name="direction"]')?.value ?? 'up') as 'up' | 'down';
      const li = form.closest<HTMLLIElement>(op === 'move-item' ? 'li[data-item-id]' : 'li[data-section-id]');
      const button = form.querySelector('button');
      if (li && moveInPlace(li, direction)) {
        refreshSectionButtons(root);
        (button as HTMLButtonElement | null)?.focus();
        dirty = true;
        void save();
      }
      return;
    }
    // Any other form reloads the page: first save what is typed, so nothing is lost.
    if (dirty) {
      event.preventDefault();
      void save().then(() => HTMLFormElement.prototype.submit.call(form));
    }
  });

  root.dataset.dragReady = '';
  enableDragging(root, () => {
    dirty = true;
    void save();
  });

  window.addEventListener('beforeunload', (event) => {
    if (dirty) event.preventDefault();
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
