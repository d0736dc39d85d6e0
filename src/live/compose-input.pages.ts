/**
 * The composer's hashtag chips, turned into what createPost takes. Shared by
 * the HTML form route and the browser client (bundled into live.js), so both
 * post exactly the same text and count characters the same way.
 */
import { withHashtags } from '../posts/post-text.ts';

export interface ComposerFields {
  text: string;
  replyTo?: string | null;
  quoteOf?: string | null;
  /** The chat hashtags the member kept ticked; null keeps them all. */
  kept: string[] | null;
}

export interface ComposedPost {
  text: string;
  replyTo: string | null;
  quoteOf: string | null;
  omitHashtags: boolean;
}

/**
 * All tags kept: the service adds them (as for any API client). Some
 * unticked: we add only the kept ones and ask the service to add none. An
 * empty text stays empty, so the service refuses it instead of posting a
 * bare hashtag.
 */
export function composePost(fields: ComposerFields, chatTags: readonly string[]): ComposedPost {
  const kept = fields.kept === null ? chatTags : chatTags.filter((tag) => fields.kept!.some((k) => k.toLowerCase() === tag.toLowerCase()));
  const keepsAll = kept.length === chatTags.length;
  const body = fields.text.trim();
  return {
    text: keepsAll || body === '' ? fields.text : withHashtags(body, [...kept]),
    replyTo: fields.replyTo || null,
    quoteOf: fields.quoteOf || null,
    omitHashtags: !keepsAll,
  };
}

/** The text as it will be stored, for the character counter. */
export function finalText(fields: ComposerFields, chatTags: readonly string[]): string {
  const composed = composePost(fields, chatTags);
  const body = composed.text.trim();
  return composed.omitHashtags || body === '' ? body : withHashtags(body, [...chatTags]);
}

/** How the composer names the fields of API errors. */
const FIELD_NAMES: Record<string, (rest: string) => string> = {
  text: (rest) => `Your post ${rest}`,
  replyTo: (rest) => `Reply: ${rest}`,
  quoteOf: (rest) => `Quote: ${rest}`,
};

/** "text: must not be empty" → "Your post must not be empty." */
export function explainPostError(message: string, field: string | undefined): string {
  const name = field ? FIELD_NAMES[field] : undefined;
  const sentence = name && message.startsWith(`${field}: `) ? name(message.slice(field!.length + 2)) : message;
  return sentence.endsWith('.') ? sentence : `${sentence}.`;
}
