import { Command } from 'commander';
import { loadConfig } from '../../config.ts';

export function serveCommand(): Command {
  return new Command('serve')
    .description('Serve the web app and API on PORT (migrates the database first; loads the demo community into an empty database unless MUSESOCIAL_DEMO=false)')
    .option('--no-demo', 'do not load the demo community, even into an empty database')
    .action(async (options: { demo: boolean }) => {
      const config = loadConfig();
      // The whole web app, loaded only to serve: `musesocial --help` lists this command too, and took ~1 s more with it.
      const { startServer } = await import('../../server.ts');
      const server = await startServer(config, { demo: options.demo && config.loadDemo });
      console.log(`Musesocial is serving ${config.baseUrl} (listening on ${server.url}, ${config.database.kind} database)`);
      // Uploads import on threads that would otherwise each compile their modules on a cold cache (compile-ahead.ts).
      const { compileImportThreadsAhead } = await import('../../archive/import/pipeline/compile-ahead.ts');
      void compileImportThreadsAhead();
    });
}
