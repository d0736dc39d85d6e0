/**
 * Drag and drop for items and sections, started from their handle (the
 * handle is the draggable element, so text and fields in an item stay
 * selectable). Items may be dropped into any section's
 * list, also an empty one; sections only among sections. `onMoved` runs
 * once per completed drag.
 */
export function enableDragging(root: HTMLElement, onMoved: () => void): void {
  let dragged: HTMLLIElement | null = null;

  for (const handle of root.querySelectorAll<HTMLElement>('[data-drag-handle]')) handle.draggable = true;

  root.addEventListener('dragstart', (event) => {
    const handle = (event.target as Element).closest?.('[data-drag-handle]');
    const li = handle?.closest<HTMLLIElement>('li[data-item-id], li[data-section-id]');
    if (!li) return;
    dragged = li;
    li.classList.add('is-dragging');
    if (event.dataTransfer) {
      event.dataTransfer.setData('text/plain', li.id);
      event.dataTransfer.effectAllowed = 'move';
      // Show the whole item or section under the pointer, not just the handle.
      event.dataTransfer.setDragImage(li, 16, 16);
    }
  });

  root.addEventListener('dragover', (event) => {
    if (!dragged) return;
    const target = event.target as Element;
    const isSection = dragged.dataset.sectionId !== undefined;
    if (isSection) {
      const over = target.closest<HTMLLIElement>('[data-sections] > li[data-section-id]');
      if (!over || over === dragged) return;
      event.preventDefault();
      placeBy(event, over, dragged);
      return;
    }
    const overItem = target.closest<HTMLLIElement>('li[data-item-id]');
    if (overItem && overItem !== dragged && !dragged.contains(overItem)) {
      event.preventDefault();
      placeBy(event, overItem, dragged);
      return;
    }
    // Over a section with no item under the pointer (e.g. an empty one): append.
    const section = target.closest<HTMLLIElement>('li[data-section-id]');
    const list = section?.querySelector(':scope > [data-items]');
    if (list && !overItem) {
      event.preventDefault();
      if (dragged.parentElement !== list) list.append(dragged);
    }
  });

  root.addEventListener('drop', (event) => {
    if (dragged) event.preventDefault();
  });

  root.addEventListener('dragend', () => {
    if (!dragged) return;
    dragged.classList.remove('is-dragging');
    dragged = null;
    onMoved();
  });
}

function placeBy(event: DragEvent, over: HTMLElement, dragged: HTMLElement): void {
  const box = over.getBoundingClientRect();
  if (event.clientY < box.top + box.height / 2) {
    if (over.previousElementSibling !== dragged) over.before(dragged);
  } else if (over.nextElementSibling !== dragged) {
    over.after(dragged);
  }
}
