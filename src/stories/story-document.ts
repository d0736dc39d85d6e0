import { invalid } from '../errors.ts';

/**
 * A story's editable structure, as pure data: sections in order, each an
 * ordered list of items. `id` is null for things not stored yet. Every
 * editing step (the no-JavaScript buttons, the API, the autosave of the
 * editor) ends as such a document, which the repository then saves by id.
 */
export interface DocItem {
  id: number | null;
  kind: 'post' | 'text';
  postId: number | null;
  /** Markdown for text items; '' for posts. */
  text: string;
}

export interface DocSection {
  id: number | null;
  heading: string;
  items: DocItem[];
}

export type Direction = 'up' | 'down';

export type StoryOp =
  | { op: 'add-section'; heading: string }
  | { op: 'rename-section'; section: number; heading: string }
  | { op: 'move-section'; section: number; direction: Direction }
  | { op: 'remove-section'; section: number }
  | { op: 'add-post'; section: number; post: number }
  | { op: 'add-text'; section: number; text: string }
  | { op: 'edit-text'; item: number; text: string }
  | { op: 'move-item'; item: number; direction: Direction }
  | { op: 'remove-item'; item: number };

export const LIMITS = { sections: 60, items: 600, heading: 200, text: 10_000, title: 200, introduction: 20_000 } as const;

/** Applies one editing step and returns a new document; the old one is untouched. */
export function applyOp(doc: DocSection[], op: StoryOp): DocSection[] {
  const sections = doc.map((s) => ({ ...s, items: [...s.items] }));
  switch (op.op) {
    case 'add-section':
      if (sections.length >= LIMITS.sections) throw invalid('heading', `a story has at most ${LIMITS.sections} sections`);
      return [...sections, { id: null, heading: checkHeading(op.heading), items: [] }];
    case 'rename-section':
      sections[sectionIndex(sections, op.section)]!.heading = checkHeading(op.heading);
      return sections;
    case 'move-section': {
      const from = sectionIndex(sections, op.section);
      const to = op.direction === 'up' ? from - 1 : from + 1;
      if (to < 0 || to >= sections.length) return sections;
      [sections[from], sections[to]] = [sections[to]!, sections[from]!];
      return sections;
    }
    case 'remove-section':
      sections.splice(sectionIndex(sections, op.section), 1);
      return sections;
    case 'add-post': {
      const target = sections[sectionIndex(sections, op.section)]!;
      if (sections.some((s) => s.items.some((i) => i.postId === op.post))) throw invalid('post', 'this post is already in the story');
      checkItemCount(sections);
      target.items.push({ id: null, kind: 'post', postId: op.post, text: '' });
      return sections;
    }
    case 'add-text':
      checkItemCount(sections);
      sections[sectionIndex(sections, op.section)]!.items.push({ id: null, kind: 'text', postId: null, text: checkText(op.text) });
      return sections;
    case 'edit-text': {
      const [s, i] = itemIndex(sections, op.item);
      const item = sections[s]!.items[i]!;
      if (item.kind !== 'text') throw invalid('item', 'only text items have text to edit');
      sections[s]!.items[i] = { ...item, text: checkText(op.text) };
      return sections;
    }
    case 'move-item':
      return moveItem(sections, op.item, op.direction);
    case 'remove-item': {
      const [s, i] = itemIndex(sections, op.item);
      sections[s]!.items.splice(i, 1);
      return sections;
    }
  }
}

/**
 * One step up or down. At the edge of a section the item crosses into the
 * neighbouring section (its end, or its start), so the keyboard alone can
 * take an item anywhere, as dragging can.
 */
function moveItem(sections: DocSection[], id: number, direction: Direction): DocSection[] {
  const [s, i] = itemIndex(sections, id);
  const items = sections[s]!.items;
  const item = items[i]!;
  const j = direction === 'up' ? i - 1 : i + 1;
  if (j >= 0 && j < items.length) {
    [items[i], items[j]] = [items[j]!, item];
    return sections;
  }
  const neighbour = direction === 'up' ? s - 1 : s + 1;
  if (neighbour < 0 || neighbour >= sections.length) return sections;
  items.splice(i, 1);
  if (direction === 'up') sections[neighbour]!.items.push(item);
  else sections[neighbour]!.items.unshift(item);
  return sections;
}

function sectionIndex(sections: DocSection[], id: number): number {
  const index = sections.findIndex((s) => s.id === id);
  if (index < 0) throw invalid('section', 'no such section in this story');
  return index;
}

function itemIndex(sections: DocSection[], id: number): [number, number] {
  for (let s = 0; s < sections.length; s++) {
    const i = sections[s]!.items.findIndex((item) => item.id === id);
    if (i >= 0) return [s, i];
  }
  throw invalid('item', 'no such item in this story');
}

function checkItemCount(sections: DocSection[]): void {
  if (countItems(sections) >= LIMITS.items) throw invalid('item', `a story has at most ${LIMITS.items} items`);
}

export const countItems = (sections: DocSection[]) => sections.reduce((n, s) => n + s.items.length, 0);

export function checkHeading(heading: string, field = 'heading'): string {
  const trimmed = heading.trim();
  if (!trimmed) throw invalid(field, 'must not be empty');
  if (trimmed.length > LIMITS.heading) throw invalid(field, `must be at most ${LIMITS.heading} characters`);
  return trimmed;
}

export function checkText(text: string, field = 'text'): string {
  const trimmed = text.trim();
  if (!trimmed) throw invalid(field, 'must not be empty');
  if (trimmed.length > LIMITS.text) throw invalid(field, `must be at most ${LIMITS.text} characters`);
  return trimmed;
}

/**
 * Items whose posts readers cannot see now (hidden by a moderator) are not
 * shown to curators either, so an editing step must neither move nor drop
 * them by accident: they are set aside, the step runs on what the curator
 * sees, and they go back to the end of their section (if it still exists),
 * ready to reappear when the post is unhidden.
 */
export function setAsideHidden(doc: DocSection[], isHidden: (postId: number) => boolean): { visible: DocSection[]; aside: Map<number, DocItem[]> } {
  const aside = new Map<number, DocItem[]>();
  const visible = doc.map((section) => {
    const hidden = section.items.filter((i) => i.postId !== null && isHidden(i.postId));
    if (hidden.length > 0 && section.id !== null) aside.set(section.id, hidden);
    return { ...section, items: section.items.filter((i) => !hidden.includes(i)) };
  });
  return { visible, aside };
}

export function putBackHidden(doc: DocSection[], aside: Map<number, DocItem[]>): DocSection[] {
  return doc.map((section) => {
    const back = section.id === null ? undefined : aside.get(section.id);
    if (!back) return section;
    const present = new Set(section.items.map((i) => i.postId));
    return { ...section, items: [...section.items, ...back.filter((i) => !present.has(i.postId))] };
  });
}
