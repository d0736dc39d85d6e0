import type * as vega from 'vega';
import type { ChatFigures } from '../figures.types.ts';
import { vegaSvg } from './render-chart.ts';

/** People drawn: the most connected. The GEXF download has everyone. */
export const DRAWN_NODES = 60;
const LABELLED = 15;
const SIZE = 640;

/**
 * The reply and mention network as a force-directed drawing (Vega's force
 * transform, run to rest on the server). Node area follows the person's
 * connections; blue lines are replies, orange ones mentions.
 */
export async function networkChart(figures: ChatFigures): Promise<string> {
  const degree = new Map<string, number>();
  for (const e of figures.network.edges) {
    degree.set(e.source, (degree.get(e.source) ?? 0) + e.weight);
    degree.set(e.target, (degree.get(e.target) ?? 0) + e.weight);
  }
  const kept = [...degree].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, DRAWN_NODES);
  const keep = new Set(kept.map(([id]) => id));
  const labelled = new Set(kept.slice(0, LABELLED).map(([id]) => id));
  const nodes = kept.map(([id, d]) => ({ id, degree: d, label: labelled.has(id) ? `@${id}` : '', cx: SIZE / 2, cy: (SIZE * 0.75) / 2 }));
  const links = figures.network.edges.filter((e) => keep.has(e.source) && keep.has(e.target) && e.source !== e.target).map((e) => ({ source: e.source, target: e.target, kind: e.kind, weight: e.weight }));
  const top = kept.slice(0, 5).map(([id, d]) => `@${id} (${d})`).join(', ');
  const description =
    nodes.length === 0
      ? 'Nobody replied to or mentioned anyone else.'
      : `${figures.network.nodes.length} people linked by ${figures.network.edges.length} reply or mention connections; the ${nodes.length} most connected are drawn. Most connected: ${top}. The tables “Most replied to” and “Most mentioned” list them, and the GEXF download has the whole network.`;

  const spec: vega.Spec = {
    width: SIZE,
    height: SIZE * 0.75,
    padding: 10,
    autosize: 'none',
    data: [
      { name: 'node-data', values: nodes },
      { name: 'link-data', values: links },
    ],
    scales: [
      { name: 'size', type: 'sqrt', domain: { data: 'node-data', field: 'degree' }, range: [30, 500] },
      { name: 'color', type: 'ordinal', domain: ['reply', 'mention'], range: ['#2b6cb0', '#dd6b20'] },
    ],
    legends: [{ stroke: 'color', title: 'Connection', orient: 'top-left', symbolType: 'stroke' }],
    marks: [
      {
        name: 'nodes',
        type: 'symbol',
        zindex: 1,
        from: { data: 'node-data' },
        encode: { enter: { fill: { value: '#4a5568' }, stroke: { value: '#fff' }, size: { scale: 'size', field: 'degree' } } },
        transform: [
          {
            type: 'force',
            iterations: 300,
            static: true,
            // The link paths below wait for the layout through this signal.
            signal: 'force',
            forces: [
              { force: 'center', x: SIZE / 2, y: (SIZE * 0.75) / 2 },
              { force: 'collide', radius: 10 },
              { force: 'nbody', strength: -250 },
              { force: 'link', links: 'link-data', distance: 110, id: 'datum.id' },
              { force: 'x', x: 'datum.cx', strength: 0.04 },
              { force: 'y', y: 'datum.cy', strength: 0.06 },
            ],
          },
        ],
      },
      {
        type: 'path',
        from: { data: 'link-data' },
        interactive: false,
        encode: { update: { stroke: { scale: 'color', field: 'kind' }, strokeOpacity: { value: 0.5 }, strokeWidth: { signal: 'min(4, 0.5 + datum.weight / 2)' } } },
        transform: [{ type: 'linkpath', require: { signal: 'force' }, shape: 'line', sourceX: 'datum.source.x', sourceY: 'datum.source.y', targetX: 'datum.target.x', targetY: 'datum.target.y' }],
      },
      {
        type: 'text',
        zindex: 2,
        from: { data: 'nodes' },
        encode: { update: { x: { field: 'x', offset: 8 }, y: { field: 'y' }, text: { field: 'datum.label' }, fontSize: { value: 11 }, fill: { value: '#1a202c' }, baseline: { value: 'middle' } } },
      },
    ],
  };
  return vegaSvg(spec, { id: 'chart-network', title: 'Reply and mention network', description });
}
