// BuildSnapshot: GraphData -> dense, immutable Snapshot with a CSR adjacency (counting sort,
// O(V + E)) and a flat open-addressing id table for IndexOf.
#include "accord/graph/snapshot.hpp"

#include <algorithm>
#include <bit>
#include <string_view>
#include <unordered_map>

namespace accord::graph {
namespace {

inline uint64_t MixId(int64_t id) {
  uint64_t z = static_cast<uint64_t>(id) + 0x9e3779b97f4a7c15ull;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

// Distinct names sorted ascending, and each input's id into that table.
template <class Get>
void InternNames(size_t count, Get get, std::vector<std::string>* names,
                 std::vector<uint16_t>* ids) {
  std::unordered_map<std::string_view, uint32_t> first;
  std::vector<std::string_view> distinct;
  for (size_t i = 0; i < count; ++i) {
    std::string_view s = get(i);
    if (first.emplace(s, 0).second) distinct.push_back(s);
  }
  std::sort(distinct.begin(), distinct.end());
  for (uint32_t k = 0; k < distinct.size(); ++k) first[distinct[k]] = k;
  names->assign(distinct.begin(), distinct.end());
  ids->resize(count);
  for (size_t i = 0; i < count; ++i) (*ids)[i] = static_cast<uint16_t>(first[get(i)]);
}

}  // namespace

std::optional<uint32_t> Snapshot::IndexOf(int64_t id) const {
  if (id_table.empty()) return std::nullopt;
  const size_t mask = id_table.size() - 1;
  for (size_t slot = MixId(id) & mask;; slot = (slot + 1) & mask) {
    const uint32_t v = id_table[slot];
    if (v == 0) return std::nullopt;
    if (ids[v - 1] == id) return v - 1;
  }
}

std::shared_ptr<const Snapshot> BuildSnapshot(const GraphData& graph) {
  auto snap = std::make_shared<Snapshot>();
  Snapshot& s = *snap;
  const size_t n = graph.nodes.size();

  s.ids.resize(n);
  s.labels.resize(n);
  s.document_count.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const NodeInfo& node = graph.nodes[i];
    s.ids[i] = node.id;
    s.labels[i] = node.label;
    s.document_count[i] = static_cast<uint32_t>(node.documents.size());
  }
  InternNames(
      n, [&](size_t i) -> std::string_view { return graph.nodes[i].type; }, &s.type_names,
      &s.types);

  // Id table at load factor <= 1/2; the first of duplicate ids keeps the slot.
  if (n > 0) {
    s.id_table.assign(std::bit_ceil(2 * n), 0);
    const size_t mask = s.id_table.size() - 1;
    for (size_t i = 0; i < n; ++i) {
      for (size_t slot = MixId(s.ids[i]) & mask;; slot = (slot + 1) & mask) {
        const uint32_t v = s.id_table[slot];
        if (v == 0) {
          s.id_table[slot] = static_cast<uint32_t>(i + 1);
          break;
        }
        if (s.ids[v - 1] == s.ids[i]) break;
      }
    }
  }

  // Links with both endpoints present, in input order.
  std::vector<uint32_t> kept;
  kept.reserve(graph.links.size());
  for (size_t k = 0; k < graph.links.size(); ++k) {
    const LinkInfo& l = graph.links[k];
    auto a = s.IndexOf(l.source);
    auto b = s.IndexOf(l.target);
    if (!a || !b) continue;
    kept.push_back(static_cast<uint32_t>(k));
    s.link_source.push_back(*a);
    s.link_target.push_back(*b);
    s.link_ids.push_back(l.id);
    s.link_kinds.push_back(l.kind);
  }
  InternNames(
      kept.size(), [&](size_t k) -> std::string_view { return graph.links[kept[k]].type; },
      &s.link_type_names, &s.link_types);

  // CSR by counting sort; rows come out ordered by link index.
  const size_t m = kept.size();
  s.degree.assign(n, 0);
  for (size_t k = 0; k < m; ++k) {
    ++s.degree[s.link_source[k]];
    if (s.link_target[k] != s.link_source[k]) ++s.degree[s.link_target[k]];
  }
  s.adj_offsets.assign(n + 1, 0);
  for (size_t i = 0; i < n; ++i) s.adj_offsets[i + 1] = s.adj_offsets[i] + s.degree[i];
  s.adj_nodes.resize(s.adj_offsets[n]);
  s.adj_links.resize(s.adj_offsets[n]);
  std::vector<uint32_t> fill(s.adj_offsets.begin(), s.adj_offsets.end() - 1);
  for (size_t k = 0; k < m; ++k) {
    const uint32_t a = s.link_source[k], b = s.link_target[k];
    s.adj_nodes[fill[a]] = b;
    s.adj_links[fill[a]++] = static_cast<uint32_t>(k);
    if (a != b) {
      s.adj_nodes[fill[b]] = a;
      s.adj_links[fill[b]++] = static_cast<uint32_t>(k);
    }
  }
  return snap;
}

}  // namespace accord::graph
