import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chatFigures } from '../chat-figures.ts';
import { FIXTURE_CHAT, visibleFixturePosts } from '../metrics-fixture.testdata.ts';
import { answersChart, perMinuteChart, responseTimeChart } from './stats-charts.ts';
import { networkChart } from './network-chart.ts';
import { growthChart, retentionChart } from './growth-charts.ts';

const { posts, authors } = visibleFixturePosts();
const full = chatFigures(FIXTURE_CHAT, posts, authors);
const empty = chatFigures({ ...FIXTURE_CHAT, questions: [] }, [], new Map());
const growth = {
  tag: 'musechat',
  chats: [
    { slug: 'a', title: 'A', startsAt: Date.UTC(2026, 2, 3, 19), posts: 3, participants: 3, newParticipants: 3, retained: 0, retention: null },
    { slug: 'b', title: 'B <&>', startsAt: Date.UTC(2026, 2, 10, 19), posts: 13, participants: 5, newParticipants: 3, retained: 2, retention: 2 / 3 },
  ],
  topics: [],
};

function assertAccessibleSvg(svg: string, id: string, title: string): void {
  assert.match(svg, new RegExp(`^<svg role="img" aria-labelledby="${id}-title ${id}-desc" id="${id}"`));
  assert.match(svg, new RegExp(`<title id="${id}-title">${title}</title><desc id="${id}-desc">[^<]+</desc>`));
  // One image: no inner roles for screen readers to trip over, no inline styles for the CSP to refuse.
  assert.equal(svg.match(/ role="/g)?.length, 1);
  assert.doesNotMatch(svg, / style="|NaN|undefined/);
}

describe('charts (Vega-Lite/Vega rendered to SVG on the server)', () => {
  it('draws every chart of a chat with a title and a description in words', async () => {
    assertAccessibleSvg(await perMinuteChart(full), 'chart-per-minute', 'Posts per minute');
    assertAccessibleSvg(await answersChart(full), 'chart-answers', 'Answers per question');
    assertAccessibleSvg(await responseTimeChart(full), 'chart-response-time', 'Median time to first answer');
    const network = await networkChart(full);
    assertAccessibleSvg(network, 'chart-network', 'Reply and mention network');
    assert.match(network, /@ana/);
    assert.match(await perMinuteChart(full), /busiest minute was 19:07 UTC with 2 posts/);
    assert.match(await responseTimeChart(full), /Q1 90 s; Q2 180 s\./);
  });

  it('draws empty charts for a chat without posts, and says so', async () => {
    assert.match(await perMinuteChart(empty), /<desc id="chart-per-minute-desc">Posts per minute from 19:00 to 19:59 UTC, 0 posts in all/);
    assert.match(await answersChart(empty), /<desc id="chart-answers-desc">No questions\.<\/desc>/);
    assert.match(await networkChart(empty), /Nobody replied to or mentioned anyone else/);
    for (const svg of [await responseTimeChart(empty), await networkChart(empty)]) assert.doesNotMatch(svg, /NaN/);
  });

  it('draws community growth and retention', async () => {
    const svg = await growthChart(growth);
    assertAccessibleSvg(svg, 'chart-growth', 'Participants and posts per chat');
    assert.match(await retentionChart(growth), /2026-03-10 67%/);
    assert.match(svg, /2026-03-03 3 participants, 3 posts; 2026-03-10 5 participants, 13 posts/);
  });
});
