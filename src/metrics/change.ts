/** "+12 (+20%)", "−3 (−5%)", "±0 (±0%)": a figure's change against the chat compared with. */
export function change(now: number, before: number): string {
  const delta = now - before;
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  const pct = before > 0 ? ` (${sign}${Math.round((Math.abs(delta) / before) * 100)}%)` : '';
  return `${sign}${Math.abs(delta).toLocaleString('en-US')}${pct}`;
}
