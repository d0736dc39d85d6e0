import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export interface ChartText {
  /** Used for the <title> and the element ids: unique on the page. */
  id: string;
  title: string;
  /** What the chart shows, in words, for screen readers and people without images. */
  description: string;
}

const CONFIG = {
  background: null,
  font: 'system-ui, sans-serif',
  axis: { labelFontSize: 11, titleFontSize: 12, labelColor: '#333', titleColor: '#222' },
  view: { stroke: null },
} as const;

/** A Vega-Lite spec rendered to SVG on the server (no JavaScript in the browser), with an accessible name. */
export async function vegaLiteSvg(spec: Omit<TopLevelSpec, 'config'>, text: ChartText): Promise<string> {
  const compiled = compile({ ...spec, config: CONFIG } as unknown as TopLevelSpec).spec;
  return vegaSvg(compiled, text);
}

/** A Vega spec (for what Vega-Lite has no mark for, like the force-directed network). */
export async function vegaSvg(spec: vega.Spec, text: ChartText): Promise<string> {
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  try {
    return accessible(await view.toSVG(), text);
  } finally {
    view.finalize();
  }
}

/** Vega's per-mark roles and labels: inside one image they would be unnamed graphics. */
const INNER_ARIA = / (?:role|aria-[a-z]+)="[^"]*"/g;

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * role="img" with aria-labelledby pointing at <title> and <desc>: the chart
 * is one image with a name and a description; Vega's per-mark ARIA inside
 * it is removed (the tables beside each chart carry the values). CSS (`svg.chart`) scales it
 * down on narrow screens.
 */
function accessible(svg: string, { id, title, description }: ChartText): string {
  const open = svg.indexOf('>');
  const head = svg
    .slice(0, open)
    .replace(/^<svg/, `<svg role="img" aria-labelledby="${id}-title ${id}-desc" id="${id}"`)
    .replace(' class="marks"', ' class="chart marks"');
  const body = svg.slice(open + 1).replace(INNER_ARIA, '');
  return `${head}><title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(description)}</desc>${body}`;
}
