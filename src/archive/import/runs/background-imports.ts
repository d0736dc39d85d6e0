/** How long a shutdown waits for imports to stop at their next batch before it marks them itself. */
const STOP_WAIT_MS = 10_000;

interface Job {
  controller: AbortController;
  done: Promise<void>;
  /** Ends the run as interrupted and removes its files, when the job did not get to it. */
  abandon: () => Promise<void>;
}

/**
 * The imports this process runs in the background (uploads). They live as
 * long as the server: at shutdown each is asked to stop between two
 * batches, and one that does not within STOP_WAIT_MS is marked
 * interrupted anyway, so no run is shown as running forever.
 */
export class BackgroundImports {
  private readonly jobs = new Map<number, Job>();

  /**
   * Runs `work` without awaiting it. `work` must settle the run itself
   * (finished, failed or interrupted) and never reject; a rejection is
   * caught here all the same, so it can never take the server down.
   */
  start(runId: number, work: (signal: AbortSignal) => Promise<void>, abandon: () => Promise<void>, log: (error: unknown) => void): void {
    const controller = new AbortController();
    const done = Promise.resolve()
      .then(() => work(controller.signal))
      .catch(log)
      .finally(() => this.jobs.delete(runId));
    this.jobs.set(runId, { controller, done, abandon });
  }

  async stopAll(waitMs = STOP_WAIT_MS): Promise<void> {
    const jobs = [...this.jobs.values()];
    for (const job of jobs) job.controller.abort();
    await Promise.all(
      jobs.map(async (job) => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), waitMs)));
        const outcome = await Promise.race([job.done.then(() => 'done' as const), late]);
        clearTimeout(timer);
        if (outcome === 'late') await job.abandon();
      }),
    );
  }
}
