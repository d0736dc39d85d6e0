import { Command } from 'commander';
import { withDatabase } from '../context.ts';
import { createApiToken } from '../../accounts/accounts.service.ts';
import { findUserByHandle } from '../../accounts/users.repository.ts';
import { CliError } from '../main.ts';

export function tokenCommand(): Command {
  const token = new Command('token').description('Manage API tokens');
  token
    .command('create')
    .description('Create an API token for an account and print it (it is stored hashed and cannot be shown again)')
    .argument('<handle>', 'the account the token acts as')
    .option('--name <name>', 'a label to recognise the token by', 'cli')
    .action(async (handle: string, options: { name: string }) => {
      await withDatabase(async (database) => {
        const user = await findUserByHandle(database.db, handle.replace(/^@/, ''));
        if (!user) throw new CliError(`no account @${handle.replace(/^@/, '')}`);
        console.log(await createApiToken(database.db, user, options.name));
      });
    });
  return token;
}
