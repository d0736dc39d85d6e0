import type { DiffPart, DiffRow, TextDiff } from '../wiki-diff.ts';
import { plural } from '../../web/plural.ts';

/**
 * A diff as text lines. Added and removed lines carry a visible +/− and a
 * spoken "Added"/"Removed" label, and changed words are bold and
 * underlined: nothing depends on colour alone.
 */
export function DiffLegend() {
  return (
    <ul class="diff-legend" aria-label="How to read the changes">
      <li>
        <span class="diff-row diff-added">
          <span class="diff-marker" aria-hidden="true">
            +
          </span>
          <ins>added line</ins>
        </span>
      </li>
      <li>
        <span class="diff-row diff-removed">
          <span class="diff-marker" aria-hidden="true">
            −
          </span>
          <del>removed line</del>
        </span>
      </li>
      <li>
        <mark class="diff-word">highlighted</mark> words changed within a line
      </li>
    </ul>
  );
}

export function DiffView({ diff, label }: { diff: TextDiff; label: string }) {
  if (diff.rows.length === 0) return <p class="empty">The text is the same in both.</p>;
  return (
    <>
      <p class="diff-stats">
        {plural(diff.added, 'line')} added, {plural(diff.removed, 'line')} removed.
      </p>
      <div class="wiki-diff" role="region" aria-label={label} tabIndex={0}>
        {diff.rows.map((row) => (
          <Row row={row} />
        ))}
      </div>
    </>
  );
}

function Row({ row }: { row: DiffRow }) {
  if (row.kind === 'skipped') {
    return (
      <div class="diff-row diff-skipped">
        <span class="diff-marker" aria-hidden="true">
          ⋯
        </span>
        <span class="diff-text">{plural(row.count, 'unchanged line')}</span>
      </div>
    );
  }
  if (row.kind === 'same') {
    return (
      <div class="diff-row diff-same">
        <span class="diff-marker" aria-hidden="true"></span>
        <span class="diff-text">
          {row.parts.length === 0 ? '\u00a0' : <Parts parts={row.parts} />}
        </span>
      </div>
    );
  }
  const Tag = row.kind === 'added' ? 'ins' : 'del';
  return (
    <div class={`diff-row diff-${row.kind}`}>
      <span class="diff-marker" aria-hidden="true">
        {row.kind === 'added' ? '+' : '−'}
      </span>
      <Tag class="diff-text">
        <span class="visually-hidden">{row.kind === 'added' ? 'Added: ' : 'Removed: '}</span>
        <Parts parts={row.parts} />
      </Tag>
    </div>
  );
}

function Parts({ parts }: { parts: DiffPart[] }) {
  if (parts.length === 0) return <span class="diff-empty">(empty line)</span>;
  return <>{parts.map((part) => (part.changed ? <mark class="diff-word">{part.text}</mark> : part.text))}</>;
}
