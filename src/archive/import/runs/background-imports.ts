/** How long a shutdown waits for imports to stop at their next batch before it marks them itself. */
export const STOP_WAIT_MS = 10_000;

/**
 * Uploads importing at once in one process; the next wait their turn. Each
 * takes a thread storing posts and a parse worker (~100 MB and most of a
 * core while it runs): a few organizers uploading at the same moment must
 * not take the server's memory and CPU from its live rooms. On SQLite
 * they would only take turns at the write lock anyway.
 */
export const MAX_RUNNING_IMPORTS = 2;

interface Job {
  controller: AbortController;
  /** Whether it got its turn (a shutdown may come while it waits). */
  started: boolean;
  /** Settles when the job has run (or was dropped from the queue by a shutdown). */
  done: Promise<void>;
  /** Ends the run as interrupted and removes its files, when the job did not get to it. */
  abandon: () => Promise<void>;
}

/**
 * The imports this process runs in the background (uploads). They live as
 * long as the server: at shutdown each is asked to stop between two
 * batches, and one that does not within STOP_WAIT_MS (or had not started)
 * is marked interrupted anyway, so no run is shown as running forever.
 */
export class BackgroundImports {
  private readonly jobs = new Map<number, Job>();
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly maxRunning = MAX_RUNNING_IMPORTS) {}

  /**
   * Runs `work` without awaiting it, now or once an earlier import ends.
   * `work` must settle the run itself (finished, failed or interrupted)
   * and never reject; a rejection is caught here all the same, so it can
   * never take the server down.
   */
  start(runId: number, work: (signal: AbortSignal) => Promise<void>, abandon: () => Promise<void>, log: (error: unknown) => void): void {
    const controller = new AbortController();
    // A shutdown may abandon a job from two sides (it never got its turn, or it did not stop in time): once is enough.
    let abandoned: Promise<void> | null = null;
    const abandonOnce = () => (abandoned ??= abandon());
    const job: Job = { controller, started: false, done: Promise.resolve(), abandon: abandonOnce };
    job.done = this.turn(controller.signal)
      .then(async (started) => {
        // A shutdown came while it waited for its turn: it never runs, and its run ends here.
        if (!started) return abandonOnce();
        job.started = true;
        try {
          await work(controller.signal);
        } finally {
          this.running -= 1;
          // Every waiter looks again; the first to get there takes the place.
          for (const wake of this.waiting.splice(0)) wake();
        }
      })
      .catch(log)
      .finally(() => this.jobs.delete(runId));
    this.jobs.set(runId, job);
  }

  /** Waits for a free place; false when a shutdown came first (the job never runs). */
  private async turn(signal: AbortSignal): Promise<boolean> {
    while (this.running >= this.maxRunning) {
      if (signal.aborted) return false;
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
    }
    if (signal.aborted) return false;
    this.running += 1;
    return true;
  }

  /**
   * Asks every import to stop, without waiting: a shutdown calls it first
   * (Fastify's preClose), so the imports wind down at their next batch
   * while the rest of the server closes, rather than going on importing
   * until their turn in the onClose hooks.
   */
  askAllToStop(): void {
    for (const job of this.jobs.values()) job.controller.abort();
  }

  async stopAll(waitMs = STOP_WAIT_MS): Promise<void> {
    const jobs = [...this.jobs.values()];
    this.askAllToStop();
    await Promise.all(
      jobs.map(async (job) => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), waitMs)));
        const outcome = await Promise.race([job.done.then(() => 'done' as const), late]);
        clearTimeout(timer);
        // One still importing after waitMs is marked interrupted here (a queued one was, as it left the queue).
        if (outcome === 'late') await job.abandon();
      }),
    );
  }
}
