import { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { CliError } from '../main.ts';
import { runBackup } from '../../ops/backup.ts';
import { BackupError } from '../../ops/backup-format.ts';
import { backupProgress, megabytes } from '../../ops/backup-progress.ts';

/** `musesocial backup FILE`: safe while `serve` runs; see src/ops/backup.ts. */
export function backupCommand(): Command {
  return new Command('backup')
    .description('Write a consistent backup of the whole database to FILE (safe while the app runs): a SQLite database file, or a gzip’d logical export of PostgreSQL')
    .argument('<file>', 'where to write the backup')
    .option('--force', 'replace FILE if it exists')
    .action(async (file: string, options: { force?: boolean }) => {
      const config = loadConfig();
      const progress = backupProgress(process.stderr, 'Backing up', config.database.kind === 'sqlite' ? 'bytes' : 'rows');
      try {
        const summary = await runBackup(config, file, { force: options.force ?? false, onProgress: progress.update });
        progress.done();
        const rows = summary.rows === undefined ? '' : `, ${summary.rows.toLocaleString('en-US')} rows`;
        console.log(`Backed up the ${summary.kind} database (at migration ${summary.migration}${rows}) to ${summary.file} (${megabytes(summary.bytes)} MB).`);
      } catch (error) {
        progress.done();
        if (error instanceof BackupError) throw new CliError(`backup failed: ${error.message}`);
        throw error;
      }
    });
}
