import { Command } from 'commander';

/** `musesocial stats SLUG [--json]`: a chat's metrics from a terminal (filled in by the metrics work). */
export function statsCommand(): Command {
  return new Command('stats').description('A chat’s metrics').argument('<slug>').option('--json', 'print one JSON document').action(() => {
    throw new Error('not yet built');
  });
}
