import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config.ts';
import { AppError } from '../errors.ts';
import { serveCommand } from './commands/serve.ts';
import { migrateCommand } from './commands/migrate.ts';
import { demoCommand } from './commands/demo.ts';
import { userCommand } from './commands/user.ts';
import { tokenCommand } from './commands/token.ts';
import { importCommand } from './commands/import.ts';
import { searchCommand } from './commands/search.ts';
import { forgetCommand } from './commands/forget.ts';
import { exportCommand } from './commands/export.ts';
import { statsCommand } from './commands/stats.ts';
import { backupCommand } from './commands/backup.ts';
import { restoreCommand } from './commands/restore.ts';

export function buildProgram(): Command {
  const program = new Command('musesocial')
    .description('Community hashtag chats: schedule, run live, archive, curate and measure.\nConfiguration comes from the environment (PORT, MUSESOCIAL_DATA_DIR, DATABASE_URL, REDIS_URL, BASE_URL); see the README.')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  program.addCommand(serveCommand());
  program.addCommand(migrateCommand());
  program.addCommand(demoCommand());
  program.addCommand(userCommand());
  program.addCommand(tokenCommand());
  program.addCommand(importCommand());
  program.addCommand(searchCommand());
  program.addCommand(forgetCommand());
  program.addCommand(exportCommand());
  program.addCommand(statsCommand());
  program.addCommand(backupCommand());
  program.addCommand(restoreCommand());
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    process.exitCode = reportError(error);
  }
}

/** Known problems get one clear line; anything else keeps its stack for a bug report. */
function reportError(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode;
  if (error instanceof ConfigError) {
    console.error(error.message);
    return 78; // EX_CONFIG
  }
  if (error instanceof AppError) {
    console.error(`musesocial: ${error.message}`);
    return 1;
  }
  if (error instanceof CliError) {
    console.error(`musesocial: ${error.message}`);
    return error.exitCode;
  }
  console.error(error);
  return 1;
}

export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}
