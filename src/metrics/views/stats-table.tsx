import type { StatsTable } from '../stats-tables.ts';

const fmt = (cell: string | number | null) => (cell === null ? '—' : typeof cell === 'number' ? cell.toLocaleString('en-US') : cell);

/** The first rows of a table, with its CSV download (all rows). */
export function StatsTableView({ table, limit = 10, csvHref, note }: { table: StatsTable; limit?: number; csvHref: string; note?: string }) {
  const id = `table-${table.name}`;
  const shown = table.rows.slice(0, limit);
  return (
    <div class="stats-table">
      <h3 id={id}>{table.title}</h3>
      {note ? <p class="stats-note">{note}</p> : null}
      {table.rows.length === 0 ? (
        <p class="empty">None.</p>
      ) : (
        <div class="table-scroll">
          <table class="stats" aria-labelledby={id}>
            <thead>
              <tr>
                {table.columns.map((c) => (
                  <th scope="col" class={c.numeric ? 'num' : undefined}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => (
                <tr>
                  {row.map((cell, i) => (
                    <td class={table.columns[i]!.numeric ? 'num' : undefined}>{fmt(cell)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p class="stats-download">
        {table.rows.length > shown.length ? `Showing ${shown.length} of ${table.rows.length.toLocaleString('en-US')} rows. ` : null}
        <a href={csvHref} download>
          Download “{table.title}” as CSV
        </a>
      </p>
    </div>
  );
}
