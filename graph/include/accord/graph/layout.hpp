// The force-directed layout engine: d3-force's simulation (Bostock, d3-force 3.0; the model of
// ARCHITECTURE.md habit 7) over flat structure-of-arrays floats. A Simulation holds positions
// x, y and velocities vx, vy as std::vector<float> that the renderer uploads as they are; each
// Tick() cools alpha and applies the named forces in a fixed order - link, many-body, collide,
// center - then integrates velocities, exactly as d3's simulation.tick() does.
//
// Forces (per tick, n nodes, m links):
//   link       d3.forceLink: springs of rest length `link_distance`, strength 1/min(deg s, deg t),
//              bias deg s/(deg s + deg t), `link_iterations` passes. O(m).
//   many-body  d3.forceManyBody: every pair repels (strength < 0) with velocity change
//              strength*alpha/d, approximated by Barnes-Hut (Barnes & Hut, Nature 324, 1986)
//              with d3's opening test w^2/theta^2 < d^2, distance_min^2 = 1 clamp and jiggle
//              for coincident points. The quadtree is flat: nodes Morton-sorted (LSD radix sort
//              on 48-bit keys, O(n)), cells in one vector in pre-order with skip links so the
//              walk is a loop without a stack; centres of mass from prefix sums; leaves hold up
//              to 16 points. Each leaf group's interaction list is taken with the test against
//              a bounding box of its points (so a cell is approximated only where d3 would
//              approximate it for every point of the group: never less exact than d3), and the
//              walk is shared down the tree: each ancestor cell of the groups sorts what its
//              parent left undecided into far for its own box (then far for every group below
//              it) or undecided, opening only cells larger than itself, so the top of the tree
//              is tested once per subtree rather than once per group. The far list is applied
//              to the group in a vectorized loop and the near leaves exactly, also vectorized
//              over the group's points (bit-identical to the scalar sum, which remains for
//              coincident coordinates). Build O(n), walk O(n log n / theta^2). Buffers are
//              reused: no allocation after the first tick. Optionally split over `threads`
//              threads (the walk always; from 64k nodes also the tree build's keys and radix
//              sort, with the link pass beside its serial tail); results do not depend on the
//              count.
//   collide    d3.forceCollide: overlapping discs (radius per node) pushed apart on predicted
//              positions x + vx; candidates from a hashed uniform grid of cell 2*max radius.
//              O(n + overlaps) expected. Off when every radius is 0 (the default).
//   center     d3.forceCenter: shifts all positions so their mean moves to (center_x,
//              center_y), times center_strength. O(n).
// The engine's own schedule, RunAuto (`accord layout --iterations auto`), for a whole layout
// at once: d3's schedule from a phyllotaxis disc needs ~300 ticks and still leaves large graphs
// twisted, so RunAuto starts from a layout where distance already follows hop distance:
//   0. Louvain communities (Blondel et al. 2008, O(m) per pass, a few passes and levels) when
//      community_link_length > 1; if their modularity beats a random graph's clearly, links
//      between communities get that length and the searches below are shortest paths over
//      those lengths (two FIFO queues, still O(n + m) each);
//   1. connected components (BFS, O(n + m)); per component of n_c nodes:
//   2. k = min(n_c, 200) pivots by max-min hop distance, one BFS each: O(k (n_c + m_c)) time,
//      2 k n_c bytes of uint16 distances (node major);
//   3. Pivot MDS (Brandes & Pich 2006) on the first 50 pivots: double-centred squared
//      distances, the two leading eigenvectors of the 50 x 50 C^T C by power iteration:
//      O(50^2 n_c) time, 200 n_c bytes;
//   4. s = clamp(1500 / sqrt(n_c), 3, 30) (3000 / sqrt(n_c) with community lengths) Jacobi
//      sweeps of sparse stress majorization (Ortmann, Klimenta & Brandes 2016; 15 at 10k
//      nodes, 5 at 100k): each node against its links and the k pivots, weighted by the
//      pivots' region sizes, keeping the sweep with the best stress on the pivot pairs:
//      O(s (m_c + k n_c)), threaded, deterministic for any thread count;
//   4b. when community_gap > 0 and step 0 gave lengths (Louvain then refined by one more
//      round of single-node moves): 34 over-relaxed Jacobi sweeps of stress majorization
//      with true hop distances, each on 128 random pivots drawn afresh (two 64-source
//      bit-parallel BFS), every node against them and each pivot against every node with
//      weights (n / 128) / d^2 (a sample of the full stress), plus its links, plus a push to
//      community_gap hops from each node of another community closer than that (a uniform
//      grid): O(34 (2 (n + m) diam + 128 n + close pairs)), 256 n_c bytes;
//   5. components packed in rows, largest first, O(c log c);
//   6. 40 ticks of the forces below from alpha 0.02, Barnes-Hut theta at least 1.2:
//      O(40 n log n); none after step 4b (the forces would close the gaps).
// At 100k nodes the start is ~20 M pivot terms per sweep and the ticks dominate; peak memory
// is ~60 MB for the start at 100k (distances 40 MB, C 20 MB) on top of the simulation.
// Randomness (initial jitter, jiggle for coincident points) comes from the seed through a
// counter-based hash, so a seed gives bit-identical positions for any thread count.
// Memory: about 100 bytes per node (state, sort keys, tree, collide grid) plus 16 per link.
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "accord/graph/result.hpp"

namespace accord::graph {

struct Snapshot;

inline constexpr uint64_t kDefaultLayoutSeed = 0x5eed;

enum class InitialPlacement : uint8_t {
  kPhyllotaxis,  // d3: radius 10*sqrt(0.5 + i), angle i*pi*(3 - sqrt 5), plus seeded jitter
  kRandom,       // uniform in a disc of radius 10*sqrt(n + 0.5), seeded
};

struct LayoutOptions {
  uint64_t seed = kDefaultLayoutSeed;
  InitialPlacement initial = InitialPlacement::kPhyllotaxis;
  float initial_jitter = 1.0f;  // phyllotaxis jitter, layout units (spacing is about 10)

  // Cooling, as d3.forceSimulation: alpha += (alpha_target - alpha) * alpha_decay per tick;
  // the default decay takes alpha from 1 to 0.001 in 300 ticks (d3: 1 - alpha_min^(1/300));
  // recompute it when changing alpha_min.
  double alpha = 1.0;
  double alpha_min = 0.001;
  double alpha_decay = 1.0 - std::pow(0.001, 1.0 / 300.0);
  double alpha_target = 0.0;
  double velocity_decay = 0.4;  // fraction of velocity lost per tick (d3 keeps 1 - this)

  // Many-body (charge). Strength in layout units^2 per tick: d3's -30 suits link_distance 30.
  bool many_body = true;
  float charge_strength = -30.0f;
  float theta = 0.9f;         // Barnes-Hut accuracy; 0 computes every pair exactly
  float distance_min = 1.0f;  // closer pairs are treated as this far (d3 distanceMin)
  float distance_max = INFINITY;

  // Links.
  bool link = true;
  float link_distance = 30.0f;
  float link_strength_scale = 1.0f;  // multiplies d3's 1/min(deg s, deg t)
  int link_iterations = 1;

  // Collision: a uniform radius for every node (0 = off), unless SetRadii gives one per node.
  float collide_radius = 0.0f;
  float collide_strength = 1.0f;
  int collide_iterations = 1;

  // Centering.
  bool center = true;
  float center_x = 0.0f;
  float center_y = 0.0f;
  float center_strength = 1.0f;

  // Gravity (d3.forceX / forceY towards the centre): vx += (center_x - x) * gravity * alpha.
  // 0 (the default) is off; a small value (0.03-0.1) keeps disconnected parts and isolated
  // nodes near the main component instead of drifting to the rim. O(n).
  float gravity = 0.0f;

  // Threads for the many-body pass (1 = the calling thread only).
  int threads = 1;

  // The stress start (RunAuto, StressStart) finds Louvain communities and, when the graph has
  // clearly more community structure than a random graph of its mean degree, gives links
  // between two communities this target length in hops (links inside one: 1), so communities
  // come out as regions of their own. 1 = off: every link is one hop.
  float community_link_length = 12.0f;
  // When > 0 and the start used community lengths: the community gap refine after it (step 4b
  // at the top of this file), with this gap in hops between nodes of different communities;
  // RunAuto then runs no force ticks. Meant with a long community_link_length (the default
  // 12): on the benchmark's pp_10k, 12 and 0.5 give grp10 0.95 at stress 0.175 in ~0.8 s (1.25
  // without a gap, the defaults until 2026-11-30: 0.36 at 0.174 in 0.3 s). 0 is off. Graphs
  // without clear communities (the gate above) are laid out as if both were off.
  float community_gap = 0.5f;
};

// What RunAuto did, for the CLI's timing file and the tests.
struct AutoLayoutStats {
  double stress_ms = 0.0;       // the sparse stress start
  int ticks = 0;                // force ticks after it
  double tick_median_ms = 0.0;  // median wall time of one of those ticks
  double modularity = -1.0;     // of the Louvain communities the start found (-1: none sought)
  bool communities = false;     // whether their links got community_link_length
};

class Simulation {
 public:
  // Nodes 0..node_count-1 and links (link_sources[k], link_targets[k]); the spans must have the
  // same length and indices < node_count (programmer error otherwise). Self-loops are ignored
  // by the link force and do not count towards degrees; parallel links each count, as in d3.
  Simulation(uint32_t node_count, std::span<const uint32_t> link_sources,
             std::span<const uint32_t> link_targets, LayoutOptions options = {});
  explicit Simulation(const Snapshot& snapshot, LayoutOptions options = {});
  ~Simulation();
  Simulation(Simulation&&) noexcept;
  Simulation& operator=(Simulation&&) noexcept;

  uint32_t NodeCount() const { return static_cast<uint32_t>(x_.size()); }
  uint32_t LinkCount() const { return static_cast<uint32_t>(link_source_.size()); }
  const LayoutOptions& options() const { return options_; }

  // Runs n ticks (d3 simulation.tick(n)): even when already Stopped(), so callers decide.
  void Tick(int n = 1);
  // Ticks until Stopped(), max_ticks, or progress returns false (then kCancelled). Progress is
  // reported as (ticks done, max_ticks, "layout") before each tick.
  Status Run(int max_ticks, const ProgressFn& progress = {});
  // A whole layout on the engine's own schedule (`accord layout --iterations auto`), replacing
  // the positions: a sparse stress layout (see the top of this file) scaled so one hop is
  // link_distance, then a short cool run of the forces. Pins hold. Ends with alpha below
  // alpha_min. Deterministic for seed and thread count.
  Status RunAuto(const ProgressFn& progress = {}, AutoLayoutStats* stats = nullptr);
  // RunAuto's start alone, for the explorer's worker: places every node that is neither pinned
  // nor marked in `keep` (NodeCount() flags, or empty for none) by the sparse stress layout
  // scaled so one hop is link_distance. When some nodes are kept they do not move and the new
  // layout is turned (or mirrored) and shifted onto them, the best fit in least squares. Zeroes
  // velocities; leaves alpha alone. `progress` is asked (0, 1, "Preparing layout") between the
  // start's stages; returning false stops it with kCancelled and the positions unchanged.
  Status StressStart(std::span<const uint8_t> keep = {}, const ProgressFn& progress = {},
                     AutoLayoutStats* stats = nullptr);

  double alpha() const { return alpha_; }
  void SetAlpha(double alpha) { alpha_ = alpha; }  // reheat
  void SetAlphaTarget(double target) { options_.alpha_target = target; }
  bool Stopped() const { return alpha_ < options_.alpha_min; }
  int64_t ticks() const { return ticks_; }

  // Fixes node i at (x, y) like d3's fx/fy: forces still see it, integration puts it back and
  // zeroes its velocity. Unpin releases it where it is.
  void Pin(uint32_t i, float x, float y);
  void Unpin(uint32_t i);
  bool IsPinned(uint32_t i) const { return pinned_[i] != 0; }

  // Replaces all positions (e.g. saved ones) and zeroes velocities; spans of NodeCount(). A
  // non-finite coordinate (e.g. a new node without a saved position) gets the initial placement,
  // as d3 does for NaN.
  void SetPositions(std::span<const float> x, std::span<const float> y);
  // Per-node collision radii (NodeCount() values); an empty span returns to collide_radius.
  void SetRadii(std::span<const float> radii);

  // Structure-of-arrays state, for upload as is. Valid until the next non-const call.
  const float* X() const { return x_.data(); }
  const float* Y() const { return y_.data(); }
  const float* VX() const { return vx_.data(); }
  const float* VY() const { return vy_.data(); }
  const std::vector<float>& x() const { return x_; }
  const std::vector<float>& y() const { return y_; }
  const std::vector<float>& vx() const { return vx_; }
  const std::vector<float>& vy() const { return vy_; }

  // The parts of one tick, public for tests and benchmarks. Each adds to the velocities (center
  // moves positions), as the d3 force of the same name called with `alpha`.
  void ApplyLink(double alpha);
  void ApplyManyBody(double alpha);       // Barnes-Hut, options().theta
  void ApplyManyBodyExact(double alpha);  // every pair, O(n^2): the reference for tests
  void ApplyCollide();
  void ApplyCenter();
  void ApplyGravity(double alpha);
  void Integrate();  // velocity decay, position update, pins
  void ClearVelocities();
  // Builds the Barnes-Hut tree of the current positions, as ApplyManyBody does first (for
  // benchmarks). O(n).
  void BuildManyBodyTree() { BuildTree(); }
  // Cells in the last Barnes-Hut tree (for benchmarks).
  size_t TreeCellCount() const;

 private:
  struct Tree;
  void Init(uint32_t node_count, std::span<const uint32_t> sources,
            std::span<const uint32_t> targets);
  void PlaceInitial(uint32_t i);
  // `beside`, when given, runs before the build, or on a second thread beside the threaded
  // build's serial tail.
  void BuildTree(const std::function<void()>& beside = {});
  void BuildTreeParallel(int threads, const std::function<void()>& beside = {});
  void ManyBodyForces(double alpha);  // ApplyManyBody after the tree is built
  void ManyBodyRange(uint32_t group_begin, uint32_t group_end, float scale, size_t scratch);
  float Jiggle(uint64_t a, uint64_t b) const;

  LayoutOptions options_;
  double alpha_ = 1.0;
  int64_t ticks_ = 0;

  std::vector<float> x_, y_, vx_, vy_;
  std::vector<float> fx_, fy_;
  std::vector<uint8_t> pinned_;
  std::vector<float> radii_;  // empty: options_.collide_radius for all

  // Links without self-loops, with d3's per-link bias and strength.
  std::vector<uint32_t> link_source_, link_target_;
  std::vector<float> link_bias_, link_strength_;

  std::unique_ptr<Tree> tree_;  // many-body and collide scratch, reused across ticks
};

}  // namespace accord::graph
