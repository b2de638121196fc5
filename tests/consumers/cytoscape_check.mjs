// cytoscape.js (npm), headless under Node, loads the Cytoscape export: every node and edge with
// its data, co-occurrence edges selectable by class, and a layout runs on it.
import { createRequire } from "node:module";
import { exportsOf, fail, moduleEntry, SUBGRAPH } from "./npm_modules.mjs";

const [accord, corpus] = process.argv.slice(2);
const entry = moduleEntry("cytoscape", "package.json");
const cytoscape = createRequire(entry)("cytoscape");
const exported = exportsOf(accord, corpus);

for (const [label, extra] of [["whole graph", []], ["subgraph", SUBGRAPH]]) {
  const ref = exported("d3", ...extra);
  const json = exported("cytoscape", ...extra);
  const cy = cytoscape({ headless: true, styleEnabled: false, elements: json.elements });
  if (cy.nodes().length !== ref.nodes.length) fail(`${label}: ${cy.nodes().length} nodes, reference ${ref.nodes.length}`);
  if (cy.edges().length !== ref.links.length) fail(`${label}: ${cy.edges().length} edges, reference ${ref.links.length}`);
  for (const n of ref.nodes) {
    const c = cy.getElementById(`n${n.id}`);
    if (c.empty()) fail(`${label}: node ${n.id} missing`);
    if (c.data("label") !== n.label || c.data("type") !== n.type || c.data("degree") !== n.degree ||
        JSON.stringify(c.data("aliases")) !== JSON.stringify(n.aliases) ||
        JSON.stringify(c.data("documents")) !== JSON.stringify(n.documents) ||
        c.data("mentions").length !== n.mentions.length || !c.hasClass(n.type))
      fail(`${label}: node ${n.id} data differs`);
    if (c.degree(false) !== n.degree + c.edgesWith(c).length) fail(`${label}: node ${n.id} degree in cytoscape`);
  }
  for (const l of ref.links) {
    const e = cy.getElementById(`e${l.id}`);
    if (e.empty()) fail(`${label}: edge ${l.id} missing`);
    if (e.source().id() !== `n${l.source}` || e.target().id() !== `n${l.target}` || e.data("type") !== l.type ||
        e.data("kind") !== l.kind || !e.hasClass(l.kind) ||
        JSON.stringify(e.data("evidence").map((x) => x.text)) !== JSON.stringify(l.evidence.map((x) => x.text)))
      fail(`${label}: edge ${l.id} data differs`);
  }
  const stated = ref.links.filter((l) => l.kind === "stated").length;
  if (cy.edges(".stated").length !== stated || cy.edges(".cooccurrence").length !== ref.links.length - stated)
    fail(`${label}: edge classes do not separate stated from co-occurrence links`);
  cy.layout({ name: "grid" }).run();
  const bad = cy.nodes().filter((n) => !Number.isFinite(n.position("x")) || !Number.isFinite(n.position("y")));
  if (bad.length) fail(`${label}: the layout left ${bad.length} nodes without a position`);
}
console.log("cytoscape loaded the Cytoscape export (whole graph and subgraph) with every node, edge and datum");
