import { MultiDirectedGraph } from 'graphology';
import gexf from 'graphology-gexf';
import type { ChatFigures } from './figures.types.ts';

/**
 * The reply and mention network as GEXF 1.2 for Gephi: one node per person
 * (label @handle, their post count in the chat), one directed edge per
 * (from, to, kind) with the number of replies or mentions as its weight.
 * graphology-gexf writes and escapes the XML.
 */
export function networkGexf(figures: ChatFigures, title: string): string {
  const graph = new MultiDirectedGraph();
  for (const node of figures.network.nodes) graph.addNode(node.id, { label: `@${node.id}`, posts: node.posts });
  for (const [i, edge] of figures.network.edges.entries()) graph.addDirectedEdgeWithKey(`e${i}`, edge.source, edge.target, { kind: edge.kind, weight: edge.weight });
  graph.setAttribute('description', `Reply and mention network of the chat “${title}” (Musesocial)`);
  return gexf.write(graph, { version: '1.2' });
}
