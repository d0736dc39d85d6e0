import { Parser } from 'htmlparser2';
import { isWebAddress, linkText } from './link-text.ts';

/**
 * Mastodon (and ActivityPub) post HTML to plain text. Paragraphs become
 * blank lines, <br> a line break; links show their full address (Mastodon
 * hides "https://www." and the tail in invisible spans); #tags and @mentions
 * stay as written. The result is text, never markup: whatever shows it
 * escapes it, so a hostile post cannot inject anything.
 */
export interface HtmlText {
  text: string;
  /** Addresses of the links (not #tags or @mentions), in order, each once. */
  links: string[];
}

const PARAGRAPH_TAGS = new Set(['p', 'div', 'blockquote', 'pre', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'figure']);
const LINE_TAGS = new Set(['li', 'tr', 'dt', 'dd']);
const HIDDEN_TAGS = new Set(['script', 'style', 'template', 'head']);
const SPACE_RUN = /[ \t\r\n\f]+/g;
const TAG_OR_MENTION_CLASS = /\b(?:mention|hashtag)\b/;

interface OpenLink {
  href: string;
  isTagOrMention: boolean;
  text: string;
}

function renderLink(link: OpenLink): string {
  const label = link.text.trim();
  return link.isTagOrMention || /^[#@]/.test(label) ? label : linkText(label, link.href);
}

export function htmlToText(html: string): HtmlText {
  if (!html.includes('<') && !html.includes('&')) return { text: html.trim(), links: [] };

  let out = '';
  let pendingBreaks = 0;
  let hidden = 0;
  let preformatted = 0;
  let link: OpenLink | null = null;
  const links: string[] = [];

  const trimTrailingSpaces = () => {
    while (out.endsWith(' ')) out = out.slice(0, -1);
  };
  const requestBreaks = (n: number) => {
    if (out !== '') pendingBreaks = Math.max(pendingBreaks, n);
  };
  const flushBreaks = () => {
    if (pendingBreaks === 0) return;
    trimTrailingSpaces();
    out += '\n'.repeat(pendingBreaks);
    pendingBreaks = 0;
  };
  const lineBreak = () => {
    flushBreaks();
    trimTrailingSpaces();
    out += '\n';
  };
  const write = (text: string) => {
    if (text === '') return;
    flushBreaks();
    // Collapsed spaces must not start a line or double up across text nodes.
    if (!preformatted && text.startsWith(' ') && (out === '' || out.endsWith('\n') || out.endsWith(' '))) text = text.slice(1);
    out += text;
  };

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (HIDDEN_TAGS.has(name)) hidden += 1;
        if (hidden) return;
        if (name === 'br') {
          if (link) link.text += ' ';
          else lineBreak();
        } else if (PARAGRAPH_TAGS.has(name)) requestBreaks(2);
        else if (LINE_TAGS.has(name)) requestBreaks(1);
        if (name === 'pre') preformatted += 1;
        if (name === 'a' && !link) {
          const classes = attributes.class ?? '';
          link = { href: (attributes.href ?? '').trim(), isTagOrMention: TAG_OR_MENTION_CLASS.test(classes) || /\btag\b/.test(attributes.rel ?? ''), text: '' };
        }
      },
      ontext(data) {
        if (hidden) return;
        const text = preformatted ? data : data.replace(SPACE_RUN, ' ');
        if (link) link.text += text;
        else write(text);
      },
      onclosetag(name) {
        if (HIDDEN_TAGS.has(name)) {
          hidden = Math.max(0, hidden - 1);
          return;
        }
        if (hidden) return;
        if (name === 'a' && link) {
          const current = link;
          link = null;
          if (!current.isTagOrMention && !/^[#@]/.test(current.text.trim()) && isWebAddress(current.href) && !links.includes(current.href)) links.push(current.href);
          write(renderLink(current));
        } else if (name === 'pre') preformatted = Math.max(0, preformatted - 1);
        if (PARAGRAPH_TAGS.has(name)) requestBreaks(2);
        else if (LINE_TAGS.has(name)) requestBreaks(1);
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();

  // Spaces before a line break were trimmed as the breaks were written.
  const text = out.replace(/\n{3,}/g, '\n\n').trim();
  return { text, links };
}
