import { Command } from 'commander';
import { withDatabase } from '../context.ts';
import { createApiToken } from '../../accounts/accounts.service.ts';
import { findUserByHandle } from '../../accounts/users.repository.ts';
import { CliError } from '../main.ts';
import { ownApiTokens, revokeApiTokenOf } from '../../accounts/credentials.service.ts';
import type { Kysely } from 'kysely';
import type { DB, User } from '../../db/schema.ts';

async function account(db: Kysely<DB>, handle: string): Promise<User> {
  const user = await findUserByHandle(db, handle.replace(/^@/, ''));
  if (!user) throw new CliError(`no account @${handle.replace(/^@/, '')}`);
  return user;
}

export function tokenCommand(): Command {
  const token = new Command('token').description('Manage API tokens');
  token
    .command('create')
    .description('Create an API token for an account and print it (it is stored hashed and cannot be shown again)')
    .argument('<handle>', 'the account the token acts as')
    .option('--name <name>', 'a label to recognise the token by', 'cli')
    .action(async (handle: string, options: { name: string }) => {
      await withDatabase(async (database) => {
        console.log(await createApiToken(database.db, await account(database.db, handle), options.name));
      });
    });
  token
    .command('list')
    .description('List the API tokens of an account that still work (id, name, prefix, created, last used; never the token)')
    .argument('<handle>', 'the account')
    .action(async (handle: string) => {
      await withDatabase(async (database) => {
        const tokens = await ownApiTokens(database.db, await account(database.db, handle));
        if (tokens.length === 0) console.log('No API tokens.');
        for (const t of tokens) {
          const used = t.lastUsedAt === null ? 'never used' : `last used ${new Date(t.lastUsedAt).toISOString()}`;
          console.log(`${t.id}\t${t.prefix}…\t${t.name}\tcreated ${new Date(t.createdAt).toISOString()}\t${used}`);
        }
      });
    });
  token
    .command('revoke')
    .description('Revoke one API token of an account (by the id `token list` shows); it stops working at once')
    .argument('<handle>', 'the account the token belongs to')
    .argument('<id>', 'the token id')
    .action(async (handle: string, id: string) => {
      if (!/^\d{1,15}$/.test(id)) throw new CliError(`token id must be a number (got "${id}")`);
      await withDatabase(async (database) => {
        const user = await account(database.db, handle);
        await revokeApiTokenOf(database.db, user, Number(id));
        console.log(`Revoked token ${id} of @${user.handle}.`);
      });
    });
  return token;
}
