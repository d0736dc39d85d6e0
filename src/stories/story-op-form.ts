import { invalid } from '../errors.ts';
import type { Direction, StoryOp } from './story-document.ts';

export interface OpFormFields {
  op: string;
  section?: string | undefined;
  item?: string | undefined;
  post?: string | undefined;
  direction?: string | undefined;
  heading?: string | undefined;
  text?: string | undefined;
}

const id = (value: string | undefined, field: string): number => {
  if (!value || !/^[0-9]{1,15}$/.test(value)) throw invalid(field, 'is missing or not an id');
  return Number(value);
};
const direction = (value: string | undefined): Direction => {
  if (value !== 'up' && value !== 'down') throw invalid('direction', 'must be up or down');
  return value;
};

/** An editor form's strings as one editing step; a bad field is named. */
export function parseOpForm(form: OpFormFields): StoryOp {
  switch (form.op) {
    case 'add-section':
      return { op: 'add-section', heading: form.heading ?? '' };
    case 'rename-section':
      return { op: 'rename-section', section: id(form.section, 'section'), heading: form.heading ?? '' };
    case 'move-section':
      return { op: 'move-section', section: id(form.section, 'section'), direction: direction(form.direction) };
    case 'remove-section':
      return { op: 'remove-section', section: id(form.section, 'section') };
    case 'add-post':
      return { op: 'add-post', section: id(form.section, 'section'), post: id(form.post, 'post') };
    case 'add-text':
      return { op: 'add-text', section: id(form.section, 'section'), text: form.text ?? '' };
    case 'edit-text':
      return { op: 'edit-text', item: id(form.item, 'item'), text: form.text ?? '' };
    case 'move-item':
      return { op: 'move-item', item: id(form.item, 'item'), direction: direction(form.direction) };
    case 'remove-item':
      return { op: 'remove-item', item: id(form.item, 'item') };
    default:
      throw invalid('op', 'unknown editing step');
  }
}

/** Which button had the focus, so the page after the redirect can give it back (keyboard users keep their place). */
export function focusKey(op: StoryOp): string | null {
  if (op.op === 'move-item') return `move-item-${op.item}-${op.direction}`;
  if (op.op === 'move-section') return `move-section-${op.section}-${op.direction}`;
  return null;
}
