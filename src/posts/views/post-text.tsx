import { linkAttributes, textPieces } from '../text-pieces.ts';

/** A post's text as a paragraph: see LinkedText. */
export function PostText({ text }: { text: string }) {
  return (
    <p class="post-text">
      <LinkedText text={text} />
    </p>
  );
}

/**
 * A post's text, escaped, with its web addresses and hashtags as links
 * (text-pieces.ts). The live room's script builds the same markup for
 * posts that arrive live (src/web/client/linked-text.ts).
 */
export function LinkedText({ text, baseUrl = '' }: { text: string; baseUrl?: string }) {
  return <>{textPieces(text).map((piece) => (piece.kind === 'text' ? piece.text : <a {...linkAttributes(piece, baseUrl)}>{piece.text}</a>))}</>;
}
