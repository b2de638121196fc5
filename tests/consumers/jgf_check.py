#!/usr/bin/python3
"""The JGF export has the structure of the JSON Graph Format v2 schema
(https://jsongraphformat.info/v2.0/json-graph-schema.json): a top-level "graph" object; nodes
an object keyed by node id, each with an optional string "label" and object "metadata"; edges
an array of objects with string "source" and "target" naming nodes, optional string "id",
"relation" and "label", boolean "directed" and object "metadata"; no other members. Checked by
hand against those rules (no JSON-Schema library in Debian's python3 by default), and every
node and edge of the d3 export must be there with its attributes."""
import json
import sys

from export_util import Exports, SUBGRAPH

accord, corpus = sys.argv[1], sys.argv[2]
ex = Exports(accord, corpus)
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


GRAPH_KEYS = {"id", "label", "directed", "type", "metadata", "nodes", "edges"}
NODE_KEYS = {"label", "metadata"}
EDGE_KEYS = {"id", "source", "target", "relation", "directed", "label", "metadata"}

for label, extra in (("whole graph", ()), ("subgraph", SUBGRAPH)):
    ref = ex.reference(*extra)
    with open(ex.export("jgf", f"g-{len(ref['nodes'])}.json", *extra), encoding="utf-8") as f:
        doc = json.load(f)
    check(set(doc) == {"graph"}, f"{label}: top level must hold only 'graph': {sorted(doc)}")
    g = doc.get("graph", {})
    check(set(g) <= GRAPH_KEYS, f"{label}: unknown graph members {sorted(set(g) - GRAPH_KEYS)}")
    check(isinstance(g.get("directed"), bool) and isinstance(g.get("type"), str)
          and isinstance(g.get("label"), str) and isinstance(g.get("metadata"), dict),
          f"{label}: graph id/type/label/directed/metadata types")
    nodes = g.get("nodes")
    check(isinstance(nodes, dict), f"{label}: nodes must be an object keyed by id (JGF v2)")
    nodes = nodes if isinstance(nodes, dict) else {}
    for key, n in nodes.items():
        check(isinstance(n, dict) and set(n) <= NODE_KEYS, f"{label}: node {key} members")
        check(isinstance(n.get("label"), str), f"{label}: node {key} label must be a string")
        check(isinstance(n.get("metadata"), dict), f"{label}: node {key} metadata must be an object")
    edges = g.get("edges")
    check(isinstance(edges, list), f"{label}: edges must be an array")
    edges = edges if isinstance(edges, list) else []
    for e in edges:
        check(isinstance(e, dict) and set(e) <= EDGE_KEYS, f"{label}: edge members {sorted(e)}")
        check(all(isinstance(e.get(k), str) for k in ("id", "source", "target", "relation")),
              f"{label}: edge id/source/target/relation must be strings")
        check(e.get("source") in nodes and e.get("target") in nodes,
              f"{label}: edge {e.get('id')} names a missing node")
        check(e.get("directed") is True, f"{label}: edge {e.get('id')} directed")
    # Every node and link of the reference, with its attributes.
    check(len(nodes) == len(ref["nodes"]), f"{label}: {len(nodes)} nodes, reference {len(ref['nodes'])}")
    check(len(edges) == len(ref["links"]), f"{label}: {len(edges)} edges, reference {len(ref['links'])}")
    for n in ref["nodes"]:
        j = nodes.get(str(n["id"]), {})
        m = j.get("metadata", {})
        check(j.get("label") == n["label"] and m.get("type") == n["type"]
              and m.get("aliases") == n["aliases"] and m.get("degree") == n["degree"]
              and m.get("documents") == n["documents"] and m.get("mentions") == n["mentions"],
              f"{label}: node {n['id']} attributes")
    by_id = {e.get("id"): e for e in edges}
    for l in ref["links"]:
        e = by_id.get(str(l["id"]), {})
        m = e.get("metadata", {})
        check(e.get("source") == str(l["source"]) and e.get("target") == str(l["target"])
              and e.get("relation") == l["type"] and m.get("kind") == l["kind"]
              and [x["text"] for x in m.get("evidence", [])] == [x["text"] for x in l["evidence"]],
              f"{label}: edge {l['id']} attributes")

if failures:
    print(f"{len(failures)} problems; first ones:")
    for f in failures[:15]:
        print("  " + f)
    sys.exit(1)
print("the JGF export follows the JSON Graph Format v2 structure and carries every node and edge")
