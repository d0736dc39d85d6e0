import type { TopLevelSpec } from 'vega-lite';
import type { Growth } from '../growth.service.ts';
import { vegaLiteSvg } from './render-chart.ts';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Participants and posts per chat over time: two lines on a shared time axis. */
export async function growthChart(growth: Growth): Promise<string> {
  const values = growth.chats.flatMap((c) => [
    { date: c.startsAt, figure: 'Participants', value: c.participants, chat: c.title },
    { date: c.startsAt, figure: 'Posts', value: c.posts, chat: c.title },
  ]);
  const description =
    growth.chats.length === 0
      ? 'No chats with posts yet.'
      : `Participants and posts in ${growth.chats.length} chats from ${day(growth.chats[0]!.startsAt)} to ${day(growth.chats.at(-1)!.startsAt)}: ${growth.chats.map((c) => `${day(c.startsAt)} ${c.participants} participants, ${c.posts} posts`).join('; ')}.`;
  const spec = {
    width: 640,
    height: 220,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'date', type: 'temporal', scale: { type: 'utc' }, axis: { title: 'Chat date (UTC)', format: '%Y-%m-%d', labelOverlap: true } },
      y: { field: 'value', type: 'quantitative', axis: { title: 'Count' } },
      color: { field: 'figure', type: 'nominal', scale: { range: ['#2b6cb0', '#dd6b20'] }, legend: { title: null, orient: 'top' } },
    },
  } as TopLevelSpec;
  return vegaLiteSvg(spec, { id: 'chart-growth', title: 'Participants and posts per chat', description });
}

/** Share of each chat's participants who came back to the next one. */
export async function retentionChart(growth: Growth): Promise<string> {
  const values = growth.chats.filter((c) => c.retention !== null).map((c) => ({ date: day(c.startsAt), retention: c.retention }));
  const description =
    values.length === 0
      ? 'Retention needs at least two chats.'
      : `Share of the previous chat’s participants who took part again: ${values.map((v) => `${v.date} ${Math.round(v.retention! * 100)}%`).join('; ')}.`;
  const spec = {
    width: 640,
    height: 160,
    data: { values },
    mark: { type: 'bar', color: '#2f855a' },
    encoding: {
      x: { field: 'date', type: 'ordinal', sort: null, axis: { title: 'Chat date (UTC)', labelAngle: -40 } },
      y: { field: 'retention', type: 'quantitative', scale: { domain: [0, 1] }, axis: { title: 'Came back', format: '.0%' } },
    },
  } as TopLevelSpec;
  return vegaLiteSvg(spec, { id: 'chart-retention', title: 'Retention from chat to chat', description });
}
