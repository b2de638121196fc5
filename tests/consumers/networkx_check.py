#!/usr/bin/python3
"""networkx reads the GraphML and GEXF exports with every node, edge and attribute."""
import sys

try:
    import networkx as nx
    from networkx.readwrite import gexf as nx_gexf
except ImportError:
    print("SKIP: networkx is not installed (apt-get install python3-networkx)")
    sys.exit(77)

from export_util import Exports, SUBGRAPH

accord, corpus = sys.argv[1], sys.argv[2]
ex = Exports(accord, corpus)

# networkx 2.8 (Debian 12) knows GEXF 1.1draft and 1.2draft; 1.3 changed the namespace and
# added things we do not use (kind on edges, viz 1.3), so its reader is pointed at the 1.3
# namespace with the 1.2 rules. Newer networkx ships "1.3" itself.
if "1.3" not in nx_gexf.GEXF.versions:
    v = dict(nx_gexf.GEXF.versions["1.2draft"])
    v.update(NS_GEXF="http://gexf.net/1.3", NS_VIZ="http://gexf.net/1.3/viz",
             SCHEMALOCATION="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd", VERSION="1.3")
    nx_gexf.GEXF.versions["1.3"] = v

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def titles(ref):
    return {d["id"]: d["title"] or d["path"] for d in ref["documents"]}


for label, extra in (("whole graph", ()), ("subgraph", SUBGRAPH)):
    ref = ex.reference(*extra)
    t = titles(ref)
    nodes = {n["id"]: n for n in ref["nodes"]}
    links = {l["id"]: l for l in ref["links"]}
    check(len(nodes) > 10 and len(links) > 10, f"{label}: the reference graph is too small")

    # ---- GraphML ------------------------------------------------------------------------
    g = nx.read_graphml(ex.export("graphml", f"g-{len(nodes)}.graphml", *extra))
    check(g.number_of_nodes() == len(nodes), f"{label}: GraphML nodes {g.number_of_nodes()} != {len(nodes)}")
    check(g.number_of_edges() == len(links), f"{label}: GraphML edges {g.number_of_edges()} != {len(links)}")
    check(g.is_directed(), f"{label}: GraphML graph is not directed")
    for nid, n in nodes.items():
        a = g.nodes.get(f"n{nid}")
        if a is None:
            check(False, f"{label}: GraphML lacks node {nid}")
            continue
        check(a.get("label") == n["label"], f"{label}: GraphML label of {nid}: {a.get('label')!r}")
        check(a.get("type") == n["type"], f"{label}: GraphML type of {nid}")
        check(a.get("aliases", "") == "; ".join(n["aliases"]), f"{label}: GraphML aliases of {nid}")
        check(a.get("degree") == n["degree"], f"{label}: GraphML degree of {nid}")
        check(a.get("documents", "") == "; ".join(t[d] for d in n["documents"]), f"{label}: GraphML documents of {nid}")
        check(a.get("mention_count") == len(n["mentions"]), f"{label}: GraphML mention_count of {nid}")
    edges = {}
    for s, tgt, key, a in (g.edges(keys=True, data=True) if g.is_multigraph()
                           else ((s, tgt, a.get("id"), a) for s, tgt, a in g.edges(data=True))):
        edges[str(key)] = (s, tgt, a)
    for lid, l in links.items():
        e = edges.get(f"e{lid}")
        if e is None:
            check(False, f"{label}: GraphML lacks edge {lid}")
            continue
        s, tgt, a = e
        check((s, tgt) == (f"n{l['source']}", f"n{l['target']}"), f"{label}: GraphML ends of edge {lid}")
        check(a.get("relation") == l["type"], f"{label}: GraphML relation of edge {lid}")
        check(a.get("kind") == l["kind"], f"{label}: GraphML kind of edge {lid}")
        check(a.get("evidence", "") == "\n".join(e["text"] for e in l["evidence"]), f"{label}: GraphML evidence of edge {lid}")
        check(a.get("evidence_count") == len(l["evidence"]), f"{label}: GraphML evidence_count of edge {lid}")
        check(a.get("evidence_documents", "") == "; ".join(t[e["document"]] for e in l["evidence"]),
              f"{label}: GraphML evidence_documents of edge {lid}")
    check(g.graph.get("documents", "").count("\n") + 1 == len(ref["documents"]),
          f"{label}: GraphML graph documents")

    # ---- GEXF ---------------------------------------------------------------------------
    x = nx.read_gexf(ex.export("gexf", f"g-{len(nodes)}.gexf", *extra), version="1.3")
    check(x.number_of_nodes() == len(nodes), f"{label}: GEXF nodes {x.number_of_nodes()} != {len(nodes)}")
    check(x.number_of_edges() == len(links), f"{label}: GEXF edges {x.number_of_edges()} != {len(links)}")
    for nid, n in nodes.items():
        a = x.nodes.get(str(nid))
        if a is None:
            check(False, f"{label}: GEXF lacks node {nid}")
            continue
        check(a.get("label") == n["label"], f"{label}: GEXF label of {nid}")
        check(a.get("type") == n["type"], f"{label}: GEXF type of {nid}")
        check(a.get("aliases", "") == "; ".join(n["aliases"]), f"{label}: GEXF aliases of {nid}")
        check(a.get("degree") == n["degree"], f"{label}: GEXF degree of {nid}")
        check(a.get("documents", "") == "; ".join(t[d] for d in n["documents"]), f"{label}: GEXF documents of {nid}")
        check(a.get("mention_count") == len(n["mentions"]), f"{label}: GEXF mention_count of {nid}")
    gedges = {}
    for s, tgt, a in x.edges(data=True):
        gedges[str(a.get("id"))] = (s, tgt, a)
    for lid, l in links.items():
        e = gedges.get(str(lid))
        if e is None:
            check(False, f"{label}: GEXF lacks edge {lid}")
            continue
        s, tgt, a = e
        check((s, tgt) == (str(l["source"]), str(l["target"])), f"{label}: GEXF ends of edge {lid}")
        check(a.get("label") == l["type"] and a.get("relation") == l["type"], f"{label}: GEXF relation of edge {lid}")
        check(a.get("kind") == l["kind"], f"{label}: GEXF kind of edge {lid}")
        check(a.get("evidence", "") == "\n".join(e["text"] for e in l["evidence"]), f"{label}: GEXF evidence of edge {lid}")
        check(a.get("evidence_count") == len(l["evidence"]), f"{label}: GEXF evidence_count of edge {lid}")

if failures:
    print(f"{len(failures)} mismatches; first ones:")
    for f in failures[:15]:
        print("  " + f)
    sys.exit(1)
print("networkx read the GraphML and GEXF exports (whole graph and subgraph) with every node, "
      "edge and attribute")
