import { Type, type Static } from 'typebox';
import type { PostKind } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { decodeCursor, type TranscriptCursor } from './transcript-cursor.ts';
import { OTHER, type GroupKey } from './transcript-groups.ts';

/**
 * The transcript's filters (a GET form, so they live in the URL). Every
 * value arrives as text and is checked here, so a bad value re-renders the
 * form with the message next to its field instead of a bare error page.
 */
export const TranscriptQuerySchema = Type.Object({
  author: Type.Optional(Type.String({ maxLength: 200 })),
  question: Type.Optional(Type.String({ maxLength: 20 })),
  type: Type.Optional(Type.String({ maxLength: 20 })),
  boosts: Type.Optional(Type.String({ maxLength: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});
export type RawTranscriptQuery = Static<typeof TranscriptQuerySchema>;

export const POST_TYPES: readonly PostKind[] = ['original', 'reply', 'quote', 'boost'];

export interface TranscriptFilter {
  /** Lower-case handle without the leading '@'. */
  author: string | null;
  question: GroupKey | null;
  type: PostKind | null;
  /** `fold`: a boost of an archived post only adds to its count; `show`: boosts are listed under the post. */
  boosts: 'fold' | 'show';
}

export interface TranscriptQuery {
  filter: TranscriptFilter;
  cursor: TranscriptCursor | null;
}

export type FieldErrors = Partial<Record<keyof RawTranscriptQuery, string>>;

export const NO_FILTER: TranscriptFilter = { author: null, question: null, type: null, boosts: 'fold' };

/** With an author or type filter the transcript lists matching posts flat: their threads would be mostly other people. */
export const isFlat = (filter: TranscriptFilter): boolean => filter.author !== null || filter.type !== null;

/** Boosts are shown when asked for, and whenever the filter asks for boosts. */
export const showsBoosts = (filter: TranscriptFilter): boolean => filter.boosts === 'show' || filter.type === 'boost';

const HANDLE = /^[\p{L}\p{N}_.@:-]{1,120}$/u;

export function parseTranscriptQuery(raw: RawTranscriptQuery): { query: TranscriptQuery; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const filter: TranscriptFilter = { ...NO_FILTER };

  const author = raw.author?.trim().replace(/^@/, '').toLowerCase() ?? '';
  if (author) {
    if (HANDLE.test(author)) filter.author = author;
    else errors.author = 'must be a handle such as @dana or @dana@museum.social';
  }

  const question = questionAsWritten(raw);
  if (question === OTHER) filter.question = OTHER;
  else if (/^\d{1,2}$/.test(question) && Number(question) >= 1) filter.question = Number(question);
  else if (question) errors.question = 'must be a question number (1, 2 …) or "other"';

  const type = raw.type?.trim().toLowerCase() ?? '';
  if ((POST_TYPES as readonly string[]).includes(type)) filter.type = type as PostKind;
  else if (type) errors.type = `must be one of ${POST_TYPES.join(', ')}`;

  const boosts = raw.boosts?.trim().toLowerCase() ?? '';
  if (boosts === 'show' || boosts === 'fold') filter.boosts = boosts;
  else if (boosts) errors.boosts = 'must be "show" or "fold"';

  let cursor: TranscriptCursor | null = null;
  if (raw.cursor) {
    try {
      cursor = decodeCursor(raw.cursor);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      errors.cursor = 'is not a transcript position this server issued; start from the first page';
    }
  }
  if (cursor && filter.question !== null && cursor.group !== filter.question) {
    errors.cursor = 'belongs to another question; start from the first page';
  }
  return { query: { filter, cursor }, errors };
}

/** The filter as URL parameters, leaving out defaults so links stay short. */
export function filterParams(filter: TranscriptFilter): Record<string, string> {
  return {
    ...(filter.author ? { author: filter.author } : {}),
    ...(filter.question !== null ? { question: String(filter.question) } : {}),
    ...(filter.type ? { type: filter.type } : {}),
    ...(filter.boosts === 'show' ? { boosts: 'show' } : {}),
  };
}

/** The question filter as the form's options write it: "Q3", "q3" and "3" alike are "3". */
export function questionAsWritten(raw: RawTranscriptQuery): string {
  return raw.question?.trim().toLowerCase().replace(/^q/, '') ?? '';
}
