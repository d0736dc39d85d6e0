import type { PageContext } from '../../web/context.ts';
import type { ChatDetails } from '../chats.repository.ts';
import { CsrfField } from '../../web/components/forms.tsx';
import { LocalTime } from '../../web/components/time.tsx';
import { describeRule } from './recurrence.ts';
import type { SeriesView } from './series.service.ts';

export type ChatSeries = SeriesView & { canExtend: boolean };

/** "Other dates in this series" on a chat page, with "add more dates" for the people who may. */
export function SeriesDates({ ctx, chat, series }: { ctx: PageContext; chat: ChatDetails; series: ChatSeries }) {
  return (
    <section aria-labelledby="series-dates" class="series-dates">
      <h2 id="series-dates">Other dates in this series</h2>
      <p class="hint">{describeRule(series.rule)}</p>
      <ul class="series-date-list">
        {series.occurrences.map((date) => (
          <li>
            {date.id === chat.id ? (
              <span aria-current="page">
                <LocalTime at={date.startsAt} zone={date.timeZone} readerZone={ctx.readerZone} /> (this date)
              </span>
            ) : (
              <a href={`/chats/${date.slug}`}>
                <LocalTime at={date.startsAt} zone={date.timeZone} readerZone={ctx.readerZone} />
              </a>
            )}
            {date.title !== chat.title ? <span class="hint"> · {date.title}</span> : null}
          </li>
        ))}
      </ul>
      {series.canExtend ? (
        <form method="post" action={`/chats/${chat.slug}/series/extend`} class="inline-form series-extend">
          <CsrfField token={ctx.csrfToken} />
          <label for="series-extend-count">Add more dates</label>{' '}
          <input id="series-extend-count" name="count" type="number" inputMode="numeric" min={1} max={52} value="4" />{' '}
          <button type="submit" class="button button-small button-secondary">
            Add dates
          </button>
          <p class="hint">New dates follow the rule above and copy the latest date’s details.</p>
        </form>
      ) : null}
    </section>
  );
}
