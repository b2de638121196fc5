// Generated graphs for the frame benchmark (`accord-explorer --bench-frames N --bench-graph
// generated:10000`): a seeded Barabási–Albert preferential-attachment graph, the shape of real
// citation-like graphs (a few hubs, a long tail), with entity types spread over the corpus's
// type names so colours vary like on real data.
#pragma once

#include <cstdint>

#include "accord/graph/records.hpp"

namespace accord::explorer {

// `nodes` nodes; each new node links to `links_per_node` distinct earlier nodes chosen with
// probability proportional to degree (Barabási & Albert 1999). Ids 1..nodes; links stated,
// type "related_to". Deterministic for a given seed. O(nodes * links_per_node).
graph::GraphData GenerateBarabasiAlbert(uint32_t nodes, uint32_t links_per_node, uint64_t seed);

}  // namespace accord::explorer
