// The immutable in-memory view of a graph that the explorer's panels, the layout engine and the
// algorithms read: dense node indices 0..n-1, labels, small integer type ids, degrees, links as
// dense index pairs and a CSR adjacency over undirected links. Built once from a GraphData (the
// store's read-out) and shared as std::shared_ptr<const Snapshot>; edits go to the store and a
// new snapshot comes back (ARCHITECTURE.md, habit 2).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "accord/graph/records.hpp"

namespace accord::graph {

struct Snapshot {
  // ---- nodes: index i in [0, NodeCount()) -------------------------------------------------
  std::vector<int64_t> ids;              // store id of node i, in GraphData order (sorted by id)
  std::vector<std::string> labels;       // node i's label
  std::vector<uint16_t> types;           // node i's type id: an index into type_names
  std::vector<std::string> type_names;   // distinct node type names, sorted ascending
  std::vector<uint32_t> degree;          // incident links of node i (a self-loop counts once;
                                         // each parallel link counts); == CSR row length
  std::vector<uint32_t> document_count;  // documents that mention node i

  // ---- links: index k in [0, LinkCount()) --------------------------------------------------
  // Links whose endpoints are not both present are dropped (GraphData promises there are none).
  std::vector<uint32_t> link_source;         // dense node index of link k's source
  std::vector<uint32_t> link_target;         // dense node index of link k's target
  std::vector<int64_t> link_ids;             // store id of link k, in GraphData order
  std::vector<uint16_t> link_types;          // index into link_type_names
  std::vector<std::string> link_type_names;  // distinct relation type names, sorted ascending
  std::vector<RelationKind> link_kinds;

  // ---- CSR adjacency over undirected links -------------------------------------------------
  // Row i is [adj_offsets[i], adj_offsets[i+1]) in adj_nodes (neighbour index) and adj_links
  // (link index), ordered by link index. A link s-t appears in row s (neighbour t) and in row t
  // (neighbour s); a self-loop appears once, in its own row. adj_offsets has n+1 entries
  // (a single 0 for the empty graph).
  std::vector<uint32_t> adj_offsets;
  std::vector<uint32_t> adj_nodes;
  std::vector<uint32_t> adj_links;

  uint32_t NodeCount() const { return static_cast<uint32_t>(ids.size()); }
  uint32_t LinkCount() const { return static_cast<uint32_t>(link_ids.size()); }
  std::span<const uint32_t> Neighbors(uint32_t i) const {
    return {adj_nodes.data() + adj_offsets[i], adj_nodes.data() + adj_offsets[i + 1]};
  }
  std::span<const uint32_t> IncidentLinks(uint32_t i) const {
    return {adj_links.data() + adj_offsets[i], adj_links.data() + adj_offsets[i + 1]};
  }

  // Dense index of the node with store id `id`, or nullopt. O(1) expected (flat open-addressing
  // table). With duplicate ids in the input (a caller bug) the first one wins.
  std::optional<uint32_t> IndexOf(int64_t id) const;

  // Open-addressing table for IndexOf: slot -> node index + 1 (0 = empty); power-of-two size.
  std::vector<uint32_t> id_table;
};

// Builds the snapshot. O(V + E) expected time (plus sorting the distinct type names), memory
// O(V + E); deterministic: the same GraphData gives the same snapshot, field by field.
std::shared_ptr<const Snapshot> BuildSnapshot(const GraphData& graph);

}  // namespace accord::graph
