import type { FastifyInstance } from 'fastify';
import { releaseDueQuestions } from './questions.service.ts';

const TICK_MS = 5000;

/**
 * Releases questions on their planned offsets. Every process runs the
 * timer; the release itself is claimed in the database, so each question is
 * posted once however many processes tick.
 */
export function startQuestionTimer(app: FastifyInstance): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    releaseDueQuestions(app.database.db)
      .then((events) => Promise.all(events.map((event) => app.live.hub.publish(event))))
      .catch((error: unknown) => app.log.warn({ err: error }, 'timed question release failed'))
      .finally(() => (running = false));
  }, TICK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
