import { Command, Option } from 'commander';
import { withDatabase, readSecret } from '../context.ts';
import { signUp } from '../../accounts/accounts.service.ts';
import { ROLES } from '../../accounts/roles.ts';
import type { Role } from '../../db/schema.ts';

export function userCommand(): Command {
  const user = new Command('user').description('Manage accounts');
  user
    .command('add')
    .description('Create an account; the password is read from stdin (or asked for on a terminal)')
    .argument('<handle>', 'the new handle, e.g. dana')
    .addOption(new Option('--role <role>', 'role of the account').choices([...ROLES]).default('member'))
    .option('--name <displayName>', 'display name (defaults to the handle)')
    .option('--email <email>', 'e-mail address')
    .action(async (handle: string, options: { role: Role; name?: string; email?: string }) => {
      const password = await readSecret(`Password for @${handle}: `);
      await withDatabase(async (database) => {
        const created = await signUp(database.db, {
          handle,
          password,
          role: options.role,
          ...(options.name ? { displayName: options.name } : {}),
          ...(options.email ? { email: options.email } : {}),
        });
        console.log(`Created @${created.handle} (${created.role}).`);
      });
    });
  return user;
}
