import type { ChatStats } from '../metrics.service.ts';
import { change } from '../change.ts';

interface Row {
  label: string;
  value: (s: Pick<ChatStats, 'figures' | 'newParticipants' | 'returningParticipants'>) => number;
}

const ROWS: Row[] = [
  { label: 'Posts', value: (s) => s.figures.posts.total },
  { label: 'Original posts', value: (s) => s.figures.posts.original },
  { label: 'Replies', value: (s) => s.figures.posts.replies },
  { label: 'Quotes', value: (s) => s.figures.posts.quotes },
  { label: 'Boosts', value: (s) => s.figures.posts.boosts },
  { label: 'Participants', value: (s) => s.figures.participants },
  { label: 'New participants', value: (s) => s.newParticipants },
  { label: 'Returning participants', value: (s) => s.returningParticipants },
  { label: 'Links shared', value: (s) => s.figures.links.reduce((n, l) => n + l.posts, 0) },
  { label: 'Mentions', value: (s) => s.figures.mostMentioned.reduce((n, m) => n + m.mentions, 0) },
  { label: 'Estimated impressions (maximum)', value: (s) => s.figures.impressions.estimate },
];

const n = (v: number) => v.toLocaleString('en-US');

/** The headline figures, side by side with the previous chat of the series. */
export function StatsComparison({ stats }: { stats: ChatStats }) {
  const previous = stats.previous;
  return (
    <section aria-labelledby="summary">
      <h2 id="summary">Summary</h2>
      {previous ? (
        <p>
          Compared with{' '}
          <a href={`/chats/${previous.chat.slug}/stats`}>{previous.chat.title}</a>
          {previous.matchedBy === 'series' ? ', the previous date of this series.' : ', the previous chat with the same hashtag.'}
        </p>
      ) : (
        <p>There is no earlier chat of this series or hashtag to compare with.</p>
      )}
      <div class="table-scroll">
        <table class="stats stats-summary" aria-labelledby="summary">
          <thead>
            <tr>
              <th scope="col">Figure</th>
              <th scope="col" class="num">
                This chat
              </th>
              {previous ? (
                <>
                  <th scope="col" class="num">
                    Previous chat
                  </th>
                  <th scope="col" class="num">
                    Change
                  </th>
                </>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {ROWS.map((row) => (
              <tr>
                <th scope="row">{row.label}</th>
                <td class="num">{n(row.value(stats))}</td>
                {previous ? (
                  <>
                    <td class="num">{n(row.value(previous))}</td>
                    <td class="num">{change(row.value(stats), row.value(previous))}</td>
                  </>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="stats-download">
        <a href={`/api/v1/chats/${stats.chat.slug}/stats`}>All figures as JSON</a>
      </p>
    </section>
  );
}
