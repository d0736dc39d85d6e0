/**
 * The one-line progress of a backup or restore on a terminal (percent,
 * amount, time so far), redrawn at most five times a second. Silent when
 * stderr is not a terminal: scripts and cron mails get only the summary.
 */
export function backupProgress(stream: NodeJS.WriteStream, label: string, unit: 'bytes' | 'rows', now: () => number = Date.now) {
  const started = now();
  let lastDraw = 0;
  let drawn = false;
  let lastDone = -1;
  return {
    update(done: number, total: number): void {
      if (!stream.isTTY || done === lastDone) return;
      if (now() - lastDraw < 200 && done < total) return;
      lastDone = done;
      lastDraw = now();
      const percent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 100;
      const amount = unit === 'bytes' ? `${megabytes(done)}/${megabytes(total)} MB` : `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} rows`;
      stream.write(`\r\x1b[2K${label} ${percent}% ${amount} · ${Math.round((now() - started) / 1000)} s`);
      drawn = true;
    },
    done(): void {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}

export function megabytes(bytes: number): string {
  return (bytes / 1024 ** 2).toFixed(1);
}
