// Graph algorithms over an in-memory GraphData (no SQL): neighbourhoods, shortest paths and
// subgraph extraction. Used by the CLI on loaded graphs, by the explorer on its snapshot and by
// the tests on the awkward-graph family.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "accord/graph/records.hpp"

namespace accord::graph {

// Node ids within `depth` hops of `seeds`, treating links as undirected; seeds included (when
// present in the graph); sorted ascending. O(V + E).
std::vector<int64_t> NeighborhoodIds(const GraphData& graph, const std::vector<int64_t>& seeds,
                                     int depth, bool include_cooccurrence = false);

// Shortest undirected path from `from` to `to` as link ids in walking order; among equal
// lengths the one through lower link ids wins (deterministic). Empty when from == to;
// nullopt when either node is missing or no path exists. O(V + E).
std::optional<std::vector<int64_t>> ShortestPathLinks(const GraphData& graph, int64_t from,
                                                      int64_t to,
                                                      bool include_cooccurrence = false);

// The subgraph induced by `node_ids`: those nodes, the links between them, and the documents
// they cite. Input order is preserved (sorted by id).
GraphData InducedSubgraph(const GraphData& graph, const std::vector<int64_t>& node_ids);

}  // namespace accord::graph
