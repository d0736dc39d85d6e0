import type { Growth } from '../growth.service.ts';
import { growthTable } from '../stats-tables.ts';
import { StatsTableView } from './stats-table.tsx';

export interface GrowthCharts {
  growth: string;
  retention: string;
}

function Chart({ svg }: { svg: string }) {
  // Server-rendered SVG from Vega: see chat-stats.page.tsx.
  return <figure class="stats-chart" dangerouslySetInnerHTML={{ __html: svg }} />;
}

/** /stats: the community across chats. */
export function GrowthPage({ growth, charts, rawTag }: { growth: Growth; charts: GrowthCharts; rawTag: string }) {
  const query = growth.tag ? `?tag=${encodeURIComponent(growth.tag)}` : '';
  return (
    <article class="chat-stats">
      <header>
        <h1>{growth.tag ? `Community metrics: #${growth.tag}` : 'Community metrics'}</h1>
        <form method="get" action="/stats" class="stats-filter">
          <label for="stats-tag">Hashtag</label> <input id="stats-tag" name="tag" value={rawTag} placeholder="musesocial" /> <button type="submit">Show</button>
          {growth.tag ? (
            <>
              {' '}
              <a href="/stats">All chats</a>
            </>
          ) : null}
        </form>
        <p class="chat-meta">
          {growth.chats.length} {growth.chats.length === 1 ? 'chat' : 'chats'}
          {growth.tag ? ` tagged #${growth.tag}` : ' with posts'}, oldest first. Each chat links to its own metrics.
        </p>
      </header>
      <section aria-labelledby="growth">
        <h2 id="growth">Growth</h2>
        <Chart svg={charts.growth} />
        <Chart svg={charts.retention} />
        <div class="stats-table">
          <h3 id="table-chats">Chats</h3>
          <div class="table-scroll">
            <table class="stats" aria-labelledby="table-chats">
              <thead>
                <tr>
                  <th scope="col">Chat</th>
                  <th scope="col">Date (UTC)</th>
                  <th scope="col" class="num">Posts</th>
                  <th scope="col" class="num">Participants</th>
                  <th scope="col" class="num">New</th>
                  <th scope="col" class="num">Back from the chat before</th>
                </tr>
              </thead>
              <tbody>
                {growth.chats.map((c) => (
                  <tr>
                    <td>
                      <a href={`/chats/${c.slug}/stats`}>{c.title}</a>
                    </td>
                    <td>{new Date(c.startsAt).toISOString().slice(0, 10)}</td>
                    <td class="num">{c.posts.toLocaleString('en-US')}</td>
                    <td class="num">{c.participants.toLocaleString('en-US')}</td>
                    <td class="num">{c.newParticipants.toLocaleString('en-US')}</td>
                    <td class="num">{c.retention === null ? '—' : `${c.retained.toLocaleString('en-US')} (${Math.round(c.retention * 100)}%)`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="stats-download">
            <a href={`/stats/growth.csv${query}`} download>
              Download “Chats over time” as CSV
            </a>
          </p>
        </div>
      </section>
      <section aria-labelledby="topics">
        <h2 id="topics">Top topics</h2>
        <StatsTableView table={growthTable('topics', growth)} limit={20} csvHref={`/stats/topics.csv${query}`} note="Hashtags used alongside each chat’s own, summed over the chats above." />
      </section>
      <section class="stats-definitions" aria-labelledby="definitions">
        <h2 id="definitions">How these figures are counted</h2>
        <p>
          Each chat’s posts and participants are counted as on its own metrics page (hidden, deleted and removed posts excluded; a participant is an account with at least one post, boosts included). New: took part in none of
          the earlier chats listed here. Back from the chat before: participants of the previous chat in this list who took part again; retention is their share of that chat’s participants. Only the latest 50 chats are listed.
        </p>
      </section>
    </article>
  );
}
