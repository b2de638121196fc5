// Graph algorithms over an in-memory GraphData: an id -> index map and a CSR adjacency built per
// call (links in id order, so every adjacency row is sorted by link id), then plain BFS.
// Deterministic: no hashing order ever reaches the output.
#include "accord/graph/algorithms.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace accord::graph {
namespace {

struct Csr {
  std::unordered_map<int64_t, uint32_t> index;  // node id -> dense index
  std::vector<uint32_t> offsets;                // size V + 1
  std::vector<uint32_t> other;                  // neighbour index per half-edge
  std::vector<uint32_t> link;                   // link position in graph.links per half-edge
};

Csr BuildCsr(const GraphData& graph, bool include_cooccurrence) {
  Csr csr;
  const size_t n = graph.nodes.size();
  csr.index.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) csr.index.emplace(graph.nodes[i].id, static_cast<uint32_t>(i));
  std::vector<uint32_t> degree(n + 1, 0);
  struct Half { uint32_t from, to, link; };
  std::vector<Half> halves;
  halves.reserve(graph.links.size() * 2);
  for (size_t l = 0; l < graph.links.size(); ++l) {
    const LinkInfo& link = graph.links[l];
    if (!include_cooccurrence && link.kind == RelationKind::kCooccurrence) continue;
    auto s = csr.index.find(link.source);
    auto t = csr.index.find(link.target);
    if (s == csr.index.end() || t == csr.index.end()) continue;
    halves.push_back({s->second, t->second, static_cast<uint32_t>(l)});
    if (s->second != t->second) halves.push_back({t->second, s->second, static_cast<uint32_t>(l)});
  }
  for (const Half& h : halves) ++degree[h.from + 1];
  csr.offsets.assign(n + 1, 0);
  for (size_t i = 0; i < n; ++i) csr.offsets[i + 1] = csr.offsets[i] + degree[i + 1];
  csr.other.resize(halves.size());
  csr.link.resize(halves.size());
  std::vector<uint32_t> fill(csr.offsets.begin(), csr.offsets.end() - (n > 0 ? 1 : 0));
  if (n == 0) fill.clear();
  // halves are produced in link order, so each row stays sorted by link position (= link id).
  for (const Half& h : halves) {
    const uint32_t at = fill[h.from]++;
    csr.other[at] = h.to;
    csr.link[at] = h.link;
  }
  return csr;
}

constexpr uint32_t kUnseen = 0xFFFFFFFFu;

}  // namespace

std::vector<int64_t> NeighborhoodIds(const GraphData& graph, const std::vector<int64_t>& seeds,
                                     int depth, bool include_cooccurrence) {
  const Csr csr = BuildCsr(graph, include_cooccurrence);
  std::vector<uint32_t> dist(graph.nodes.size(), kUnseen);
  std::vector<uint32_t> frontier;
  for (int64_t seed : seeds) {
    auto it = csr.index.find(seed);
    if (it == csr.index.end() || dist[it->second] != kUnseen) continue;
    dist[it->second] = 0;
    frontier.push_back(it->second);
  }
  std::vector<uint32_t> next;
  for (int level = 0; level < depth && !frontier.empty(); ++level) {
    next.clear();
    for (uint32_t u : frontier) {
      for (uint32_t e = csr.offsets[u]; e < csr.offsets[u + 1]; ++e) {
        const uint32_t v = csr.other[e];
        if (dist[v] != kUnseen) continue;
        dist[v] = static_cast<uint32_t>(level + 1);
        next.push_back(v);
      }
    }
    frontier.swap(next);
  }
  std::vector<int64_t> out;
  for (size_t i = 0; i < graph.nodes.size(); ++i)
    if (dist[i] != kUnseen) out.push_back(graph.nodes[i].id);
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<std::vector<int64_t>> ShortestPathLinks(const GraphData& graph, int64_t from,
                                                      int64_t to, bool include_cooccurrence) {
  const Csr csr = BuildCsr(graph, include_cooccurrence);
  auto f = csr.index.find(from);
  auto t = csr.index.find(to);
  if (f == csr.index.end() || t == csr.index.end()) return std::nullopt;
  if (from == to) return std::vector<int64_t>{};
  // BFS from `to` until `from` is reached; then walk from `from` always taking the lowest link id
  // that steps one closer, which yields the lexicographically smallest link-id sequence.
  std::vector<uint32_t> dist(graph.nodes.size(), kUnseen);
  std::vector<uint32_t> frontier{t->second}, next;
  dist[t->second] = 0;
  for (uint32_t level = 0; !frontier.empty() && dist[f->second] == kUnseen; ++level) {
    next.clear();
    for (uint32_t u : frontier) {
      for (uint32_t e = csr.offsets[u]; e < csr.offsets[u + 1]; ++e) {
        const uint32_t v = csr.other[e];
        if (dist[v] != kUnseen) continue;
        dist[v] = level + 1;
        next.push_back(v);
      }
    }
    frontier.swap(next);
  }
  if (dist[f->second] == kUnseen) return std::nullopt;
  std::vector<int64_t> path;
  uint32_t u = f->second;
  while (dist[u] != 0) {
    uint32_t best_edge = kUnseen;
    for (uint32_t e = csr.offsets[u]; e < csr.offsets[u + 1]; ++e) {
      if (dist[csr.other[e]] == dist[u] - 1) {
        best_edge = e;  // rows are sorted by link id: the first fitting one is the lowest
        break;
      }
    }
    path.push_back(graph.links[csr.link[best_edge]].id);
    u = csr.other[best_edge];
  }
  return path;
}

GraphData InducedSubgraph(const GraphData& graph, const std::vector<int64_t>& node_ids) {
  std::unordered_set<int64_t> keep(node_ids.begin(), node_ids.end());
  GraphData out;
  std::unordered_set<int64_t> cited;
  for (const NodeInfo& node : graph.nodes) {
    if (!keep.contains(node.id)) continue;
    out.nodes.push_back(node);
    cited.insert(node.documents.begin(), node.documents.end());
    for (const MentionInfo& m : node.mentions) cited.insert(m.document);
  }
  std::unordered_set<int64_t> present;
  for (const NodeInfo& node : out.nodes) present.insert(node.id);
  for (const LinkInfo& link : graph.links) {
    if (!present.contains(link.source) || !present.contains(link.target)) continue;
    out.links.push_back(link);
    for (const EvidenceInfo& e : link.evidence) cited.insert(e.document);
  }
  for (const DocumentInfo& doc : graph.documents)
    if (cited.contains(doc.id)) {
      out.documents.push_back(doc);
      if (auto it = graph.page_starts.find(doc.id); it != graph.page_starts.end())
        out.page_starts.insert(*it);
    }
  return out;
}

}  // namespace accord::graph
