/**
 * The editor page's DOM as the API's whole-structure PATCH body, and the
 * in-place moves the Up/Down buttons make when JavaScript is on. They
 * follow the server's rules (src/stories/story-document.ts): an item at a
 * section's edge crosses into the neighbouring section.
 */

export interface PatchBody {
  title: string;
  introduction: string;
  sections: Array<{ id: string; heading: string; items: Array<{ id: string; text?: string }> }>;
}

const field = (root: ParentNode, name: string) => root.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[data-field="${name}"]`);

export const sectionsOf = (root: ParentNode) => [...root.querySelectorAll<HTMLLIElement>('[data-sections] > li[data-section-id]')];
export const itemsOf = (section: Element) => [...section.querySelectorAll<HTMLLIElement>(':scope > [data-items] > li[data-item-id]')];

export function readDocument(root: ParentNode): PatchBody {
  return {
    title: field(root, 'title')?.value ?? '',
    introduction: field(root, 'introduction')?.value ?? '',
    sections: sectionsOf(root).map((section) => ({
      id: section.dataset.sectionId!,
      heading: field(section, 'heading')?.value ?? '',
      items: itemsOf(section).map((item) => {
        const text = item.dataset.itemKind === 'text' ? field(item, 'text')?.value : undefined;
        return text === undefined ? { id: item.dataset.itemId! } : { id: item.dataset.itemId!, text };
      }),
    })),
  };
}

/** Moves an item or a section one step; returns false when it is already at the edge. */
export function moveInPlace(element: HTMLLIElement, direction: 'up' | 'down'): boolean {
  const up = direction === 'up';
  const sibling = (up ? element.previousElementSibling : element.nextElementSibling) as HTMLLIElement | null;
  if (sibling) {
    if (up) sibling.before(element);
    else sibling.after(element);
    return true;
  }
  if (element.dataset.sectionId !== undefined) return false;
  // An item at the edge of its section: into the neighbouring section.
  const section = element.closest<HTMLLIElement>('li[data-section-id]');
  const neighbour = (up ? section?.previousElementSibling : section?.nextElementSibling) as HTMLLIElement | null | undefined;
  const list = neighbour?.querySelector(':scope > [data-items]');
  if (!list) return false;
  if (up) list.append(element);
  else list.prepend(element);
  return true;
}

/** Up on the first section and Down on the last are disabled, as the server renders them. */
export function refreshSectionButtons(root: ParentNode): void {
  const sections = sectionsOf(root);
  sections.forEach((section, index) => {
    const head = section.querySelector(':scope > .story-editor-section-head');
    const up = head?.querySelector<HTMLButtonElement>('[data-move="up"]');
    const down = head?.querySelector<HTMLButtonElement>('[data-move="down"]');
    if (up) up.disabled = index === 0;
    if (down) down.disabled = index === sections.length - 1;
  });
}
