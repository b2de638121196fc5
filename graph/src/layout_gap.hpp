// The community gap of the layout's start (Simulation::RunAuto, StressStart): after the sparse
// stress layout with long links between communities has placed the communities apart, a short
// stress majorization with true hop distances brings the layout back to hop distances while
// keeping a small gap between nodes of different communities. Internal to accord_graph.
#pragma once

#include <cstdint>
#include <functional>
#include <span>

namespace accord::graph::detail {

struct GapSettings {
  uint64_t seed = 1;
  int threads = 1;
  int sweeps = 34;      // Jacobi sweeps
  int pivots = 128;     // random pivots per sweep, drawn afresh each sweep (two searches of 64)
  float gap = 0.5f;     // hops: nodes of different communities closer than this are pushed apart
  float weight = 4.5f;  // of a gap term, relative to a link's (both over gap^2 and 1 hop^2)
  // Over-relaxation: each node moves this times the way to its update (pp_10k: 1.3 reaches
  // in 34 sweeps the stress and grp10 that 1 reaches in 40).
  float relaxation = 1.3f;
  // Asked before each sweep; returning false stops the refine. Empty: never stops.
  std::function<bool()> keep_going;
};

// Refines the layout x, y (hop units) of one connected graph of n nodes, CSR adjacency off
// (n + 1 entries) and adj (both directions, no self-loops), where group[v] is v's community.
// Each sweep draws `pivots` distinct nodes by the seed, searches hop distances from them (a
// bit-parallel BFS per 64) and moves every node, all at once, towards the weighted mean of
// where its terms place it (the localized stress majorization update, over-relaxed by
// `relaxation`): its links (1 hop, weight 1); each pivot p at hop distance d with weight
// (n / pivots) / d^2, and for a pivot every node u likewise, so that a sweep's terms are an
// unbiased sample of the full stress of all pairs with weights 1/d^2 (a fixed pivot set
// instead lets the nodes between the pivots fold); and every node u of another community
// closer than `gap` (found on a uniform grid of that cell size), target `gap`, weight
// `weight` / gap^2. The first sweep first scales the layout so its pivot pairs fit their hop
// distances in least squares. Writes x, y in hop units, centred on the origin.
// O(sweeps (diameter (n + m) per 64 pivots + pivots n + gap pairs)) time, 2 pivots n bytes +
// O(n) memory; deterministic for the seed and any thread count. Returns false when
// keep_going stopped it (x, y then hold the last finished sweep).
bool GapRefine(uint32_t n, std::span<const uint32_t> off, std::span<const uint32_t> adj,
               std::span<const uint32_t> group, const GapSettings& settings, float* x, float* y);

}  // namespace accord::graph::detail
