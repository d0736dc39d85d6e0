import { Command } from 'commander';
import { withDatabase } from '../context.ts';
import { loadDemoIfEmpty } from '../../demo/demo.ts';
import { CliError } from '../main.ts';

export function demoCommand(): Command {
  return new Command('demo').description('Load the demo community (people, past and upcoming chats, posts) into an empty database').action(async () => {
    await withDatabase(async (database) => {
      const loaded = await loadDemoIfEmpty(database.db, { log: (m) => console.log(m) });
      if (!loaded) throw new CliError('the database already has accounts; the demo loads only into an empty database');
    });
  });
}
