// The start of the engine's own schedule (Simulation::RunAuto): a sparse stress layout in hop
// units. Internal to accord_graph; the contract and complexity are in layout.hpp.
#pragma once

#include <cstdint>
#include <functional>
#include <span>

namespace accord::graph::detail {

struct StressSettings {
  uint64_t seed = 1;
  int threads = 1;
  int pivots = 200;     // per component, at most its node count
  int iterations = 30;  // at most this many Jacobi sweeps (fewer on big components)
  // Community-aware lengths: when > 1, the graph's Louvain communities are found and, if their
  // modularity Q is clearly more than a random graph's (Q >= 1/sqrt(mean degree) +
  // community_min_excess), links between two communities get this target length in hops
  // (inside one: 1), in steps of 1/4 hop, so communities come out as separate regions.
  float community_link_length = 1.0f;
  double community_min_excess = 0.2;
  // When > 0 and the lengths above were used: the community gap refine (layout_gap.hpp) on each
  // component laid out with them, with this gap in hops; the layout then follows true hop
  // distances again, with nodes of different communities at least about this far apart.
  float community_gap = 0.0f;
  // When set: receives the modularity of the communities found (-1: not computed) and whether
  // the lengths were used.
  double* modularity = nullptr;
  bool* used_communities = nullptr;
  // Asked between stages (every 16 pivot searches, after the MDS, before each sweep, between
  // components); returning false stops the layout (the explorer's worker cancels a start that a
  // newer graph has made stale). Empty: never stops.
  std::function<bool()> keep_going;
};

// Lays out the graph (n nodes, links s[k]-t[k], self-loops and duplicates allowed) so that
// layout distance follows hop distance: each connected component by Pivot MDS (Brandes & Pich,
// "Eigensolver methods for progressive multidimensional scaling of large data", GD 2006) then
// sparse stress majorization (Ortmann, Klimenta & Brandes, "A sparse stress model", GD 2016),
// components packed in rows, largest first. Writes n coordinates to x and y; one hop is about
// one unit. Deterministic for the seed and any thread count. Returns false, with x and y only
// partly written, when settings.keep_going stopped it.
bool SparseStressLayout(uint32_t n, std::span<const uint32_t> s, std::span<const uint32_t> t,
                        const StressSettings& settings, float* x, float* y);

}  // namespace accord::graph::detail
