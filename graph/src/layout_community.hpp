// Community detection for the layout's start (Simulation::RunAuto): Louvain modularity
// clustering, used to give links between communities a longer target length so that the
// stress start draws communities as separate regions. Internal to accord_graph.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace accord::graph::detail {

struct Communities {
  std::vector<uint32_t> of;  // community of each node, 0..count-1 (numbered by lowest node)
  uint32_t count = 0;
  double modularity = 0.0;  // Newman-Girvan Q of the partition, in [-0.5, 1]
};

// Louvain (Blondel, Guillaume, Lambiotte & Lefebvre, "Fast unfolding of communities in large
// networks", J. Stat. Mech. 2008) on the undirected graph with CSR adjacency off (n + 1
// entries) and adj (both directions, no self-loops; parallel links add weight): local moving
// of single nodes in index order to the neighbouring community with the best modularity gain
// (ties: the current community, then the lowest id), then the communities become the nodes of
// the next level, until a level moves nothing. Deterministic. O(m) per pass, a few passes per
// level and a few levels in practice; memory O(n + m). With `refine`, single nodes then move
// once more on the original graph, from the final communities, until none moves (one more
// O(m) pass or a few): nodes the coarse levels left beside the community most of their links
// go to join it.
Communities Louvain(uint32_t n, std::span<const uint32_t> off, std::span<const uint32_t> adj,
                    bool refine = false);

}  // namespace accord::graph::detail
