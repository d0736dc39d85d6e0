import type { PageContext } from '../../web/context.ts';
import type { SearchResults } from '../search.service.ts';
import type { SortOrder } from '../search-query.ts';
import { ErrorSummary } from '../../web/components/forms.tsx';
import { SearchResultItem } from './search-result.tsx';
import { SearchTips } from './search-tips.tsx';

export interface SearchView {
  q: string;
  /** The order menu's choice (the query's own sort: wins over it). */
  sort: SortOrder | null;
  found: SearchResults | null;
  error: string | null;
  isLaterPage: boolean;
}

export function SearchPage({ ctx, view }: { ctx: PageContext; view: SearchView }) {
  const sort = view.found?.sort ?? view.sort ?? 'newest';
  const link = (extra: Record<string, string>) => `/search?${new URLSearchParams({ q: view.q, ...(view.sort ? { sort: view.sort } : {}), ...extra }).toString()}`;
  return (
    <>
      <h1>Search the archives</h1>
      <form method="get" action="/search" class="filters search-form" role="search">
        <div class={view.error ? 'field field-invalid search-field' : 'field search-field'}>
          <label for="search-q">Words, #hashtags, from:handle, chat:slug, dates</label>
          {view.error ? (
            <p class="field-error" id="search-q-error">
              {view.error}
            </p>
          ) : null}
          <input
            id="search-q"
            type="search"
            name="q"
            value={view.q}
            maxLength={500}
            placeholder={'"open access" #musesocial from:dana'}
            aria-invalid={view.error ? 'true' : undefined}
            aria-describedby={view.error ? 'search-q-error' : undefined}
          />
        </div>
        <div class="field">
          <label for="search-sort">Order</label>
          <select id="search-sort" name="sort">
            <option value="newest" selected={sort === 'newest'}>
              Newest first
            </option>
            <option value="relevance" selected={sort === 'relevance'}>
              Most relevant
            </option>
          </select>
        </div>
        <button type="submit" class="button">
          Search
        </button>
      </form>
      <SearchTips />
      <ErrorSummary message={view.error ? 'The search could not run: see the message above the search box.' : null} />
      {view.found ? <Results ctx={ctx} found={view.found} /> : null}
      {view.found ? (
        <nav class="pagination" aria-label="Result pages">
          {view.isLaterPage ? <a href={link({})}>← First page</a> : null}{' '}
          {view.found.nextCursor ? (
            <a href={link({ cursor: view.found.nextCursor })} rel="next">
              More results →
            </a>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

function Results({ ctx, found }: { ctx: PageContext; found: SearchResults }) {
  if (found.results.length === 0) return <p class="empty">No posts match. Try fewer words, or check a from: or chat: name.</p>;
  return (
    <section aria-labelledby="search-results-heading">
      <h2 id="search-results-heading" class="visually-hidden">
        Results
      </h2>
      <p class="search-summary">
        {found.sort === 'relevance' ? 'Most relevant first.' : 'Newest first.'}
      </p>
      <ol class="search-results">
        {found.results.map((result) => (
          <SearchResultItem ctx={ctx} result={result} />
        ))}
      </ol>
    </section>
  );
}
