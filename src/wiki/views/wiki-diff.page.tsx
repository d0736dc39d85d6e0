import type { PageContext } from '../../web/context.ts';
import type { Comparison } from '../wiki.service.ts';
import { DiffLegend, DiffView } from './diff-view.tsx';
import { RevisionLine } from './wiki-meta.tsx';

export function WikiDiffPage({ ctx, comparison }: { ctx: PageContext; comparison: Comparison }) {
  const { page, from, to, diff } = comparison;
  return (
    <section class="wiki-compare">
      <p class="wiki-breadcrumb">
        <a href="/wiki">Wiki</a> › <a href={`/wiki/${page.slug}`}>{page.title}</a>
      </p>
      <h1>
        Changes from revision {from.number} to {to.number}
      </h1>
      <dl class="wiki-compare-sides">
        <dt>From</dt>
        <dd>
          <RevisionLine revision={from} ctx={ctx} href={`/wiki/${page.slug}/revisions/${from.number}`} />
          {from.summary ? <span class="wiki-summary"> — {from.summary}</span> : null}
        </dd>
        <dt>To</dt>
        <dd>
          <RevisionLine revision={to} ctx={ctx} href={`/wiki/${page.slug}/revisions/${to.number}`} />
          {to.summary ? <span class="wiki-summary"> — {to.summary}</span> : null}
        </dd>
      </dl>
      {from.title !== to.title ? (
        <p class="wiki-title-change">
          Title changed from “<del>{from.title}</del>” to “<ins>{to.title}</ins>”.
        </p>
      ) : null}
      <DiffLegend />
      <DiffView diff={diff} label={`Changes from revision ${from.number} to ${to.number}`} />
      <p class="wiki-compare-nav">
        <a href={`/wiki/${page.slug}/history`}>← Back to the history</a>
      </p>
    </section>
  );
}
