/** Reconnect delays: 1 s, 2 s, 4 s … doubling per failed attempt, capped at 30 s. */
const BASE_MS = 1000;
const MAX_MS = 30_000;

/**
 * The wait before reconnect attempt `attempt` (0 for the first): the
 * doubling delay with ±50 % jitter, so a crowd dropped at once by a restart
 * does not come back at the same instant.
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_MS, BASE_MS * 2 ** Math.min(attempt, 16));
  return Math.round(Math.min(MAX_MS, base * (0.5 + random())));
}
