import type { ComponentChildren } from 'preact';

/**
 * A table that scrolls sideways on its own when it is wider than the
 * screen, named by the heading `labelledBy` points at. The scrolling box
 * is a focusable region, so keyboard users can scroll it too.
 */
export function ScrollingTable({ labelledBy, class: className, columns, children }: { labelledBy: string; class?: string; columns: string[]; children: ComponentChildren }) {
  return (
    <div class="table-scroll" role="region" aria-labelledby={labelledBy} tabIndex={0}>
      <table class={className} aria-labelledby={labelledBy}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col">{column}</th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
