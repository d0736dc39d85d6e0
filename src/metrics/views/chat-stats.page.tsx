import type { PageContext } from '../../web/context.ts';
import { LocalTime } from '../../web/components/time.tsx';
import { Hashtags } from '../../chats/views/chat-card.tsx';
import type { ChatStats } from '../metrics.service.ts';
import { chatTable, type ChatTableName } from '../stats-tables.ts';
import { StatsTableView } from './stats-table.tsx';
import { StatsComparison } from './stats-comparison.tsx';
import { StatsDefinitions } from './stats-definitions.tsx';

export interface ChatCharts {
  perMinute: string;
  answers: string;
  responseTime: string;
  network: string;
}

/**
 * Server-rendered SVG from Vega (see charts/): our data, escaped by Vega's
 * SVG writer and by render-chart.ts, never user markup.
 */
function Chart({ svg }: { svg: string }) {
  return <figure class="stats-chart" dangerouslySetInnerHTML={{ __html: svg }} />;
}

export function ChatStatsPage({ ctx, stats, charts }: { ctx: PageContext; stats: ChatStats; charts: ChatCharts }) {
  const { chat, figures } = stats;
  const base = `/chats/${chat.slug}/stats`;
  const table = (name: ChatTableName, limit = 10, note?: string) => (
    <StatsTableView table={chatTable(name, figures)} limit={limit} csvHref={`${base}/${name}.csv`} {...(note ? { note } : {})} />
  );
  const tag = chat.hashtags[0]?.tag;
  const imp = figures.impressions;
  return (
    <article class="chat-stats">
      <header class="chat-header">
        <p class="room-back">
          <a href={`/chats/${chat.slug}`}>← {chat.title}</a> · <a href={`/chats/${chat.slug}/transcript`}>Transcript</a>
          {tag ? (
            <>
              {' '}
              · <a href={`/stats?tag=${encodeURIComponent(tag)}`}>All #{chat.hashtags[0]!.display} chats</a>
            </>
          ) : null}
        </p>
        <h1>Metrics: {chat.title}</h1>
        <Hashtags chat={chat} />
        <p class="chat-meta">
          <LocalTime at={chat.startsAt} zone={chat.timeZone} readerZone={ctx.readerZone} /> · {figures.posts.total.toLocaleString('en-US')}{' '}
          {figures.posts.total === 1 ? 'post' : 'posts'} by {figures.participants.toLocaleString('en-US')} {figures.participants === 1 ? 'participant' : 'participants'}
        </p>
      </header>

      <StatsComparison stats={stats} />

      <section aria-labelledby="activity">
        <h2 id="activity">Activity over the chat</h2>
        <Chart svg={charts.perMinute} />
        <details>
          <summary>Posts per minute as a table</summary>
          {table('per-minute', 1000)}
        </details>
      </section>

      <section aria-labelledby="questions">
        <h2 id="questions">Questions</h2>
        {figures.questions.length === 0 ? (
          <p class="empty">This chat has no numbered questions.</p>
        ) : (
          <>
            <Chart svg={charts.answers} />
            <Chart svg={charts.responseTime} />
            {table('questions', 100)}
          </>
        )}
      </section>

      <section aria-labelledby="people">
        <h2 id="people">People</h2>
        {table('participants', 10, 'Most prolific first.')}
        {table('replied-to')}
        {table('mentioned')}
      </section>

      <section aria-labelledby="network">
        <h2 id="network">Reply and mention network</h2>
        <Chart svg={charts.network} />
        <p class="stats-download">
          <a href={`${base}/network.gexf`} download>
            Download the network as GEXF (for Gephi)
          </a>{' '}
          · <a href={`${base}/network-edges.csv`} download>as CSV</a>
        </p>
      </section>

      <section aria-labelledby="content">
        <h2 id="content">Hashtags and links</h2>
        {table('hashtags')}
        {table('domains')}
        {table('links')}
      </section>

      <section aria-labelledby="impressions">
        <h2 id="impressions">Estimated impressions</h2>
        <p>
          <strong>{imp.estimate.toLocaleString('en-US')}</strong> at most: the theoretical maximum if every follower saw every post. Follower counts are known for {imp.authorsWithFollowers.toLocaleString('en-US')} of{' '}
          {figures.participants.toLocaleString('en-US')} participants ({imp.postsCounted.toLocaleString('en-US')} of {figures.posts.total.toLocaleString('en-US')} posts); posts by the others add nothing.
        </p>
      </section>

      <StatsDefinitions />
    </article>
  );
}
