/**
 * A one-line progress report for a terminal: posts written, rate and time
 * left, redrawn at most a few times a second. Silent when the stream is
 * not a terminal (pipes and CI logs get only the final summary).
 */
export interface Progress {
  update(written: number): void;
  done(): void;
}

export function terminalProgress(stream: NodeJS.WriteStream, label: string, total: number, now: () => number = Date.now): Progress {
  if (!stream.isTTY) return { update() {}, done() {} };
  const started = now();
  let lastDraw = 0;
  let drawn = false;
  const draw = (written: number) => {
    const seconds = Math.max((now() - started) / 1000, 0.001);
    const rate = written / seconds;
    const left = rate > 0 ? Math.max(total - written, 0) / rate : 0;
    const percent = total > 0 ? Math.min(100, Math.floor((written / total) * 100)) : 100;
    const line = `${label} ${percent}% ${written.toLocaleString('en-US')}/${total.toLocaleString('en-US')} posts · ${Math.round(rate).toLocaleString('en-US')}/s · ETA ${formatSeconds(left)}`;
    stream.write(`\r\x1b[2K${line}`);
    drawn = true;
  };
  return {
    update(written) {
      if (now() - lastDraw < 200 && written < total) return;
      lastDraw = now();
      draw(written);
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.ceil(seconds - minutes * 60)} s`;
}
