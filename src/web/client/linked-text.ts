import { linkAttributes, textPieces } from '../../posts/text-pieces.ts';

/**
 * Fills an element with a post's text as the server's LinkedText renders it
 * (src/posts/views/post-text.tsx): text nodes, and links for web addresses
 * and hashtags. Built node by node, never as HTML, so a post's text cannot
 * become markup.
 */
export function fillLinkedText(el: Element, text: string): void {
  el.replaceChildren(
    ...textPieces(text).map((piece) => {
      if (piece.kind === 'text') return document.createTextNode(piece.text);
      const link = document.createElement('a');
      for (const [name, value] of Object.entries(linkAttributes(piece))) link.setAttribute(name, value);
      link.textContent = piece.text;
      return link;
    }),
  );
}
