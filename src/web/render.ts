import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Layout } from './layout.tsx';
import { pageContext, type PageContext } from './context.ts';

export interface PageMeta {
  title: string;
  description?: string;
  /** Extra `<link rel="alternate">`s in the head (e.g. a story's oEmbed and JSON). */
  alternates?: Array<{ type: string; href: string; title?: string }>;
  /** Reload the page this often when JavaScript is off (a page that follows work in progress; its script does better). */
  reloadWithoutScriptSeconds?: number;
}

/** Renders a full HTML document. preact-render-to-string escapes every text and attribute. */
export function renderDocument(ctx: PageContext, meta: PageMeta, body: VNode<any>): string {
  return '<!doctype html>' + renderToString(Layout({ ctx, meta, children: body }));
}

/** Sends a page built from the request's context. */
export function sendPage(
  request: FastifyRequest,
  reply: FastifyReply,
  build: (ctx: PageContext) => { meta: PageMeta; body: VNode<any> },
  status = 200,
): FastifyReply {
  const ctx = pageContext(request, reply);
  const { meta, body } = build(ctx);
  return reply.status(status).type('text/html; charset=utf-8').send(renderDocument(ctx, meta, body));
}
