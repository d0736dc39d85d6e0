import type { Rejection } from './pipeline/parsed-piece.ts';
import { n } from './runs/run-text.ts';

/**
 * A file's first rejected records, "line 7: reason" each, as the import
 * history and a run's page both list them; `more` counts the rejected
 * ones not kept. Nothing when none was kept.
 */
export function RejectedLines({ rejections, more = 0 }: { rejections: Rejection[]; more?: number }) {
  if (rejections.length === 0) return null;
  return (
    <ul class="hint">
      {rejections.map((r) => (
        <li>
          line {r.line}: {r.reason}
        </li>
      ))}
      {more > 0 ? <li>… and {n(more)} more</li> : null}
    </ul>
  );
}
