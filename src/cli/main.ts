import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config.ts';
import { AppError } from '../errors.ts';

/**
 * Each command's module, loaded only when it runs: `serve` alone pulls in
 * the whole web app, and `musesocial import` should not carry that (nor
 * every other command) in its memory while it works.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./commands/serve.ts')).serveCommand(),
  migrate: async () => (await import('./commands/migrate.ts')).migrateCommand(),
  demo: async () => (await import('./commands/demo.ts')).demoCommand(),
  user: async () => (await import('./commands/user.ts')).userCommand(),
  token: async () => (await import('./commands/token.ts')).tokenCommand(),
  import: async () => (await import('./commands/import.ts')).importCommand(),
  search: async () => (await import('./commands/search.ts')).searchCommand(),
  forget: async () => (await import('./commands/forget.ts')).forgetCommand(),
  export: async () => (await import('./commands/export.ts')).exportCommand(),
  stats: async () => (await import('./commands/stats.ts')).statsCommand(),
  backup: async () => (await import('./commands/backup.ts')).backupCommand(),
  restore: async () => (await import('./commands/restore.ts')).restoreCommand(),
};

export async function buildProgram(only?: string): Promise<Command> {
  const program = new Command('musesocial')
    .description('Community hashtag chats: schedule, run live, archive, curate and measure.\nConfiguration comes from the environment (PORT, MUSESOCIAL_DATA_DIR, DATABASE_URL, REDIS_URL, BASE_URL); see the README.')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  // One command's module when argv names it; all of them for help and anything unknown.
  const names = only !== undefined && Object.hasOwn(COMMANDS, only) ? [only] : Object.keys(COMMANDS);
  for (const name of names) program.addCommand(await COMMANDS[name]!());
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await (await buildProgram(argv[2])).parseAsync(argv);
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
