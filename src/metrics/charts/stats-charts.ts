import type { TopLevelSpec } from 'vega-lite';
import type { ChatFigures } from '../figures.types.ts';
import { vegaLiteSvg } from './render-chart.ts';

/** The per-chat charts, as SVG strings; each says in its <desc> what a reader would see. */

const WIDTH = 640;
const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

export async function perMinuteChart(figures: ChatFigures): Promise<string> {
  const values = figures.perMinute.map((m) => ({ minute: m.minute, posts: m.posts }));
  const busiest = values.reduce<{ minute: number; posts: number } | null>((best, m) => (best === null || m.posts > best.posts ? m : best), null);
  const description =
    values.length === 0
      ? 'No posts.'
      : `Posts per minute from ${hhmm(values[0]!.minute)} to ${hhmm(values.at(-1)!.minute)} UTC, ${figures.posts.total} posts in all; the busiest minute was ${hhmm(busiest!.minute)} UTC with ${busiest!.posts} posts. The table “Posts per minute” has every value.`;
  const spec = {
    width: WIDTH,
    height: 180,
    data: { values },
    mark: { type: 'bar', color: '#2b6cb0' },
    encoding: {
      x: { field: 'minute', type: 'temporal', scale: { type: 'utc' }, axis: { title: 'Time (UTC)', format: '%H:%M', labelOverlap: true } },
      y: { field: 'posts', type: 'quantitative', axis: { title: 'Posts', tickMinStep: 1 } },
    },
  } as TopLevelSpec;
  return vegaLiteSvg(spec, { id: 'chart-per-minute', title: 'Posts per minute', description });
}

export async function answersChart(figures: ChatFigures): Promise<string> {
  const values = figures.questions.map((q) => ({ question: `Q${q.number}`, answers: q.answers, participants: q.participants }));
  const description =
    values.length === 0
      ? 'No questions.'
      : `Answers per question: ${values.map((v) => `${v.question} ${v.answers} answers by ${v.participants} people`).join('; ')}.`;
  const spec = {
    width: WIDTH,
    height: 160,
    data: { values },
    mark: { type: 'bar', color: '#2f855a' },
    encoding: {
      x: { field: 'question', type: 'ordinal', sort: null, axis: { title: 'Question', labelAngle: 0 } },
      y: { field: 'answers', type: 'quantitative', axis: { title: 'Answers', tickMinStep: 1 } },
    },
  } as TopLevelSpec;
  return vegaLiteSvg(spec, { id: 'chart-answers', title: 'Answers per question', description });
}

export async function responseTimeChart(figures: ChatFigures): Promise<string> {
  const values = figures.questions.filter((q) => q.medianSecondsToFirstAnswer !== null).map((q) => ({ question: `Q${q.number}`, seconds: q.medianSecondsToFirstAnswer }));
  const description =
    values.length === 0
      ? 'No question has both a release time and answers.'
      : `Median seconds from each question to a participant’s first answer: ${values.map((v) => `${v.question} ${v.seconds} s`).join('; ')}.`;
  const spec = {
    width: WIDTH,
    height: 160,
    data: { values },
    mark: { type: 'bar', color: '#b7791f' },
    encoding: {
      x: { field: 'question', type: 'ordinal', sort: null, axis: { title: 'Question', labelAngle: 0 } },
      y: { field: 'seconds', type: 'quantitative', axis: { title: 'Median seconds to first answer' } },
    },
  } as TopLevelSpec;
  return vegaLiteSvg(spec, { id: 'chart-response-time', title: 'Median time to first answer', description });
}
