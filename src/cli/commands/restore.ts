import { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { CliError } from '../main.ts';
import { runRestore } from '../../ops/backup.ts';
import { BackupError } from '../../ops/backup-format.ts';
import { backupProgress } from '../../ops/backup-progress.ts';

/** `musesocial restore FILE`: the reverse of `backup`; see src/ops/backup.ts. */
export function restoreCommand(): Command {
  return new Command('restore')
    .description('Replace the database with a backup made by `musesocial backup` (stop the app first); refuses a database that holds anything unless --force')
    .argument('<file>', 'the backup to restore')
    .option('--force', 'overwrite a database that is not empty')
    .action(async (file: string, options: { force?: boolean }) => {
      const config = loadConfig();
      const progress = backupProgress(process.stderr, 'Restoring', config.database.kind === 'sqlite' ? 'bytes' : 'rows');
      try {
        const summary = await runRestore(config, file, { force: options.force ?? false, onProgress: progress.update });
        progress.done();
        const rows = summary.rows === undefined ? '' : ` (${summary.rows.toLocaleString('en-US')} rows)`;
        const migrated = summary.migrated.length > 0 ? `; then applied ${summary.migrated.join(', ')}` : '';
        console.log(`Restored the ${summary.kind} database from ${file}${rows}${migrated}.`);
      } catch (error) {
        progress.done();
        if (error instanceof BackupError) throw new CliError(`restore failed: ${error.message}`);
        throw error;
      }
    });
}
