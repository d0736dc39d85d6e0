import { Command, Option } from 'commander';
import { withDatabase } from '../context.ts';
import { CliError } from '../main.ts';
import { AppError, errorBody } from '../../errors.ts';
import { searchPosts, type SearchResults } from '../../search/search.service.ts';
import { permalink, presentSearchResult } from '../../search/search.presenter.ts';
import { snippetText } from '../../search/snippet.ts';
import type { SortOrder } from '../../search/search-query.ts';

interface SearchFlags {
  json?: boolean;
  limit: string;
  sort?: SortOrder;
  cursor?: string;
}

/** `musesocial search QUERY`: what a visitor could find on /search, from a terminal. */
export function searchCommand(): Command {
  return new Command('search')
    .description('Search every chat’s posts as a visitor sees them. The query language is the search page’s: words, "phrases", -word, muse*, #tag, from:handle, chat:slug, since:YYYY-MM-DD, until:YYYY-MM-DD, sort:relevance')
    .argument('<query...>', 'what to search for (quote it to keep phrases together)')
    .option('--json', 'print one JSON document, in the shape of GET /api/v1/search')
    .option('--limit <n>', 'results per page, 1 to 100', '20')
    .addOption(new Option('--sort <order>', 'order when the query has no sort:').choices(['newest', 'relevance']))
    .option('--cursor <cursor>', 'the next page: nextCursor of the previous one')
    .action(async (words: string[], flags: SearchFlags) => {
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new CliError(`--limit: must be a whole number from 1 to 100 (got "${flags.limit}")`);
      const q = words.join(' ');
      await withDatabase(async (database, config) => {
        let found: SearchResults;
        try {
          found = await searchPosts(database, null, { q, limit, ...(flags.sort ? { sort: flags.sort } : {}), ...(flags.cursor ? { cursor: flags.cursor } : {}) });
        } catch (error) {
          // Scripts read stdout: with --json, the error is that one document too.
          if (flags.json && error instanceof AppError) {
            process.stdout.write(`${JSON.stringify(errorBody(error))}\n`);
            process.exitCode = 1;
            return;
          }
          throw error;
        }
        if (flags.json) {
          const results = found.results.map((result) => presentSearchResult(result, config.baseUrl));
          process.stdout.write(`${JSON.stringify({ sort: found.sort, results, nextCursor: found.nextCursor })}\n`);
          return;
        }
        printResults(found, q, config.baseUrl);
      });
    });
}

function printResults(found: SearchResults, q: string, baseUrl: string): void {
  const tty = process.stdout.isTTY === true;
  const [bold, plain] = tty ? ['\u001b[1m', '\u001b[22m'] : ['', ''];
  if (found.results.length === 0) {
    console.log('No posts match.');
    return;
  }
  for (const { post, snippet } of found.results) {
    const when = new Date(post.createdAt).toISOString().slice(0, 16).replace('T', ' ');
    console.log(`${when} UTC · ${post.chatTitle} · ${post.authorDisplayName} (@${post.authorHandle}, ${post.authorNetwork})`);
    console.log(`  ${snippetText(snippet, bold, plain).replace(/\s*\n\s*/g, ' ')}`);
    console.log(`  ${baseUrl}${permalink(post)}`);
  }
  if (found.nextCursor) console.log(`\nMore: musesocial search ${JSON.stringify(q)} --cursor ${found.nextCursor}${found.sort === 'relevance' ? ' --sort relevance' : ''}`);
}
