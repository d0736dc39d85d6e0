import { hashtagHref, textPieces } from '../text-pieces.ts';

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
 * (text-pieces.ts). Addresses come from anyone's posts: `nofollow ugc`
 * tells search engines the site does not vouch for them. The live room's
 * script builds the same markup for posts that arrive live
 * (src/web/client/linked-text.ts). A file read away from the site (an
 * export) gives `baseUrl`, so hashtags lead to the site's search.
 */
export function LinkedText({ text, baseUrl = '' }: { text: string; baseUrl?: string }) {
  return (
    <>
      {textPieces(text).map((piece) =>
        piece.kind === 'text' ? (
          piece.text
        ) : piece.kind === 'link' ? (
          <a href={piece.href} rel="nofollow ugc noopener">
            {piece.text}
          </a>
        ) : (
          <a class="post-hashtag" href={baseUrl + hashtagHref(piece.tag)}>
            {piece.text}
          </a>
        ),
      )}
    </>
  );
}
