import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/**
 * User Markdown to safe HTML. markdown-it runs with raw HTML disabled, and
 * its output is sanitized again with an allow-list, so neither a tag nor a
 * `javascript:` link from a user can reach the page.
 */
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: true, breaks: false });

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'a', 'ul', 'ol', 'li', 'blockquote', 'code', 'pre', 'h2', 'h3', 'h4', 'hr', 'del', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  allowedAttributes: { a: ['href', 'title', 'rel'], th: ['align'], td: ['align'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  transformTags: {
    // Headings of user text sit under the page's own h1/h2.
    h1: 'h2',
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow ugc noopener' }),
  },
};

export function renderMarkdown(source: string): string {
  return sanitizeHtml(markdown.render(source), ALLOWED);
}
