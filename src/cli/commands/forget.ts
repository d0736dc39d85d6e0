import os from 'node:os';
import readline from 'node:readline/promises';
import { Command } from 'commander';
import { withDatabase } from '../context.ts';
import { CliError } from '../main.ts';
import { AppError, errorBody } from '../../errors.ts';
import { forgetAuthors, resolveAuthors, type ForgetReport } from '../../consent/consent.service.ts';
import type { AuthorSummary } from '../../consent/consent.repository.ts';
import { plural } from '../../web/plural.ts';

interface ForgetFlags {
  anonymise?: boolean;
  anonymize?: boolean;
  network?: string;
  requestedBy: string;
  reason: string;
  yes?: boolean;
  json?: boolean;
}

/** `musesocial forget AUTHOR`: consent removal from the command line, for the server's operator. */
export function forgetCommand(): Command {
  return new Command('forget')
    .description('Remove every post of an author from the archives, search, exports and the live replay (or --anonymise them), after showing how many; logged like the admin page does')
    .argument('<author>', 'dana, @kim@museum.social, dana.bsky.social, or a profile URL')
    .option('--anonymise', 'keep the posts, shown as by "Anonymous", instead of removing them')
    .option('--anonymize', 'same as --anonymise')
    .option('--network <network>', 'local, twitter (or x), mastodon or bluesky: needed when the handle is archived from several')
    .option('--requested-by <who>', 'who asked, and how, for the log', 'not recorded (command line)')
    .option('--reason <text>', 'notes for the log', '')
    .option('--yes', 'do not ask for confirmation (needed when stdin is not a terminal)')
    .option('--json', 'print one JSON document describing what was done')
    .action(async (author: string, flags: ForgetFlags) => {
      const mode = flags.anonymise || flags.anonymize ? 'anonymise' : 'remove';
      await withDatabase(async (database) => {
        let authors: AuthorSummary[];
        try {
          authors = await resolveAuthors(database.db, author, flags.network);
        } catch (error) {
          if (flags.json && error instanceof AppError) {
            process.stdout.write(`${JSON.stringify(errorBody(error))}\n`);
            process.exitCode = 1;
            return;
          }
          throw error;
        }
        const posts = authors.reduce((sum, a) => sum + a.posts, 0);
        // The summary goes to stderr: stdout carries only the result (one JSON document with --json).
        for (const a of authors) console.error(`${a.displayName} (@${a.handle} on ${a.network}): ${a.posts} ${a.posts === 1 ? 'post' : 'posts'}`);
        if (!flags.yes) await confirm(`${mode === 'remove' ? 'Remove' : 'Anonymise'} ${posts} ${posts === 1 ? 'post' : 'posts'}? This cannot be undone. Type yes to go on: `);
        const report = await forgetAuthors(database.db, {
          authors,
          mode,
          requestedBy: flags.requestedBy,
          performedBy: { userId: null, label: `cli (unix user ${os.userInfo().username})`, via: 'cli' },
          reason: flags.reason,
        });
        // No hub to publish on here: a running server's stored-event watch delivers these to its viewers within seconds.
        const { logIds: _ids, liveEvents: _events, ...result } = report;
        if (flags.json) process.stdout.write(`${JSON.stringify(result)}\n`);
        else console.log(describe(report));
      });
    });
}

async function confirm(question: string): Promise<void> {
  if (!process.stdin.isTTY) throw new CliError('not confirmed: stdin is not a terminal, so pass --yes to forget without asking; nothing was changed', 2);
  const prompt = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = (await prompt.question(question)).trim().toLowerCase();
    if (answer !== 'yes' && answer !== 'y') throw new CliError('cancelled; nothing was changed');
  } finally {
    prompt.close();
  }
}

function describe(report: ForgetReport): string {
  const verb = report.mode === 'remove' ? 'Removed' : 'Anonymised';
  const boosts = report.boosts > 0 ? `, and ${plural(report.boosts, 'boost')} of them by others` : '';
  const who = report.authors.map((a) => `@${a.handle} (${a.network})`).join(', ');
  return `${verb} ${plural(report.posts, 'post')} by ${who}${boosts}. Logged.`;
}
