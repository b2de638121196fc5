// d3-force (npm) runs a simulation on the d3 (accord-graph) export as it is: forceLink with
// d => d.id resolves every link's source and target to node objects, and the simulation ends
// with finite positions for every node.
import { exportsOf, fail, moduleEntry, SUBGRAPH } from "./npm_modules.mjs";

const [accord, corpus] = process.argv.slice(2);
const d3 = await import(moduleEntry("d3-force", "dist/d3-force.mjs"));
const exported = exportsOf(accord, corpus);

for (const [label, extra] of [["whole graph", []], ["subgraph", SUBGRAPH]]) {
  const graph = exported("d3", ...extra);
  const nodes = graph.nodes.map((n) => ({ ...n }));
  const links = graph.links.map((l) => ({ ...l }));
  const sim = d3.forceSimulation(nodes)
    .force("link", d3.forceLink(links).id((d) => d.id))
    .force("charge", d3.forceManyBody())
    .force("center", d3.forceCenter(0, 0))
    .stop();
  sim.tick(300);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const [i, l] of links.entries()) {
    if (typeof l.source !== "object" || l.source !== byId.get(graph.links[i].source) ||
        l.target !== byId.get(graph.links[i].target))
      fail(`${label}: link ${l.id} was not resolved to its nodes`);
  }
  const bad = nodes.filter((n) => !Number.isFinite(n.x) || !Number.isFinite(n.y));
  if (bad.length) fail(`${label}: ${bad.length} nodes without a finite position`);
  if (nodes.length < 10 || links.length < 10) fail(`${label}: the graph is too small to mean anything`);
  const spread = Math.max(...nodes.map((n) => Math.hypot(n.x, n.y)));
  if (!(spread > 1)) fail(`${label}: the simulation did not move the nodes apart`);
}
console.log("d3-force ran a simulation on the d3 export (whole graph and subgraph)");
