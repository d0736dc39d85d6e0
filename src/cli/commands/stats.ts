import { Command } from 'commander';
import { withDatabase } from '../context.ts';
import { CliError } from '../main.ts';
import { errorBody, notFound } from '../../errors.ts';
import { findChatBySlug } from '../../chats/chats.repository.ts';
import { statsOfChat, type ChatStats } from '../../metrics/metrics.service.ts';
import { presentStats, TOP } from '../../metrics/stats.presenter.ts';
import { change } from '../../metrics/change.ts';

/** `musesocial stats SLUG [--json]`: a chat's metrics from a terminal, as on /chats/SLUG/stats. */
export function statsCommand(): Command {
  return new Command('stats')
    .description('A chat’s metrics: posts by kind, participants (new and returning), questions, top posters, network, hashtags, links, impressions; compared with the previous chat of its series')
    .argument('<slug>', 'the chat (as in /chats/SLUG)')
    .option('--json', 'print one JSON document, in the shape of GET /api/v1/chats/SLUG/stats')
    .action(async (slug: string, flags: { json?: boolean }) => {
      await withDatabase(async (database, config) => {
        const chat = await findChatBySlug(database.db, slug);
        if (!chat) {
          if (flags.json) {
            process.stdout.write(`${JSON.stringify(errorBody(notFound('Chat')))}\n`);
            process.exitCode = 1;
            return;
          }
          throw new CliError(`no chat with the slug "${slug}" (see /chats for the list)`);
        }
        const stats = await statsOfChat(database.db, chat);
        if (flags.json) process.stdout.write(`${JSON.stringify(presentStats(stats, config.baseUrl))}\n`);
        else printStats(stats, config.baseUrl);
      });
    });
}

const n = (v: number) => v.toLocaleString('en-US');

function printStats(stats: ChatStats, baseUrl: string): void {
  const { chat, figures, previous } = stats;
  console.log(`${chat.title} — ${new Date(chat.startsAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  console.log(`${baseUrl}/chats/${chat.slug}/stats\n`);
  const p = figures.posts;
  const rows: Array<[string, number, number | null]> = [
    ['Posts', p.total, previous?.figures.posts.total ?? null],
    ['  original', p.original, previous?.figures.posts.original ?? null],
    ['  replies', p.replies, previous?.figures.posts.replies ?? null],
    ['  quotes', p.quotes, previous?.figures.posts.quotes ?? null],
    ['  boosts', p.boosts, previous?.figures.posts.boosts ?? null],
    ['Participants', figures.participants, previous?.figures.participants ?? null],
    ['  new', stats.newParticipants, previous?.newParticipants ?? null],
    ['  returning', stats.returningParticipants, previous?.returningParticipants ?? null],
    ['Impressions (theoretical maximum)', figures.impressions.estimate, previous?.figures.impressions.estimate ?? null],
  ];
  if (previous) console.log(`Compared with ${previous.chat.title} (${previous.chat.slug}, previous ${previous.matchedBy === 'series' ? 'date of the series' : 'chat with the hashtag'})`);
  for (const [label, now, before] of rows) console.log(`${label.padEnd(36)}${n(now).padStart(10)}${before === null ? '' : `${n(before).padStart(10)}  ${change(now, before)}`}`);

  if (figures.questions.length > 0) {
    console.log('\nQuestions            answers  people  median s to first answer');
    for (const q of figures.questions) console.log(`  Q${String(q.number).padEnd(18)}${n(q.answers).padStart(7)}${n(q.participants).padStart(8)}  ${q.medianSecondsToFirstAnswer ?? '—'}`);
  }
  const list = (title: string, rows: Array<[string, number]>) => {
    if (rows.length === 0) return;
    console.log(`\n${title}`);
    for (const [label, value] of rows.slice(0, TOP)) console.log(`  ${label.padEnd(40)}${n(value).padStart(8)}`);
  };
  list('Top posters', figures.posters.map((x) => [`@${x.handle} (${x.network})`, x.total]));
  list('Most replied to', figures.mostRepliedTo.map((x) => [`@${x.handle}`, x.replies]));
  list('Most mentioned', figures.mostMentioned.map((x) => [`@${x.handle}`, x.mentions]));
  list('Hashtags used alongside', figures.hashtags.map((x) => [`#${x.tag}`, x.posts]));
  list('Links shared, by domain', figures.domains.map((x) => [x.domain, x.posts]));
  console.log(`\nNetwork: ${n(figures.network.nodes.length)} people, ${n(figures.network.edges.length)} connections (GEXF: ${baseUrl}/chats/${chat.slug}/stats/network.gexf)`);
}
