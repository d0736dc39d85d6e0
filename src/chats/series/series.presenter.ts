import { iso } from '../chat.presenter.ts';
import { effectiveStatus } from '../chat-status.ts';
import { describeRule } from './recurrence.ts';
import type { SeriesView } from './series.service.ts';

/** The one JSON shape of a series (SeriesResponse in series.schema.ts). */
export function presentSeries(view: SeriesView, baseUrl: string, now = Date.now()) {
  return {
    key: view.series.key,
    frequency: view.rule.frequency,
    interval: view.rule.interval,
    weekdayOrdinal: view.rule.weekdayOrdinal,
    timeZone: view.rule.timeZone,
    localTime: view.rule.localTime,
    description: describeRule(view.rule),
    occurrences: view.occurrences.map((chat) => ({
      slug: chat.slug,
      url: `${baseUrl}/chats/${chat.slug}`,
      startsAt: iso(chat.startsAt),
      status: effectiveStatus(chat, now),
    })),
  };
}
