import { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { postgresLocaleWarning } from '../../db/postgres-locale.ts';

export function migrateCommand(): Command {
  return new Command('migrate').description('Apply pending database migrations (serve also does this at start)').action(async () => {
    const config = loadConfig();
    const database = openDatabase(config.database);
    try {
      const { applied, indexesBuilt } = await migrateToLatest(database);
      if (applied.length === 0 && indexesBuilt.length === 0) console.log(`Database (${database.kind}) is up to date.`);
      for (const name of applied) console.log(`applied: ${name}`);
      for (const name of indexesBuilt) console.log(`built index ${name} (concurrently: the table took writes meanwhile)`);
      const warning = await postgresLocaleWarning(database);
      if (warning) console.error(warning);
    } finally {
      await database.close();
    }
  });
}
