// d3-force's simulation over flat float arrays: link, many-body (Barnes-Hut on a flat,
// Morton-ordered quadtree rebuilt each tick), collide (hashed grid) and center forces, cooling
// and integration. See layout.hpp for the contracts and complexity.
#include "accord/graph/layout.hpp"

#include <algorithm>
#include <barrier>
#include <bit>
#include <cassert>
#include <chrono>
#include <cmath>
#include <functional>
#include <numbers>
#include <string>
#include <thread>

#include "accord/graph/snapshot.hpp"
#include "layout_parallel.hpp"
#include "layout_stress.hpp"

namespace accord::graph {
namespace {

constexpr int kKeyBitsPerAxis = 24;  // quadtree depth limit
constexpr uint32_t kLeafSize = 16;   // points per leaf cell (and walk group) before splitting
constexpr uint32_t kParallelMinNodes = 2048;       // below this the many-body pass stays serial
constexpr uint32_t kParallelTreeMinNodes = 65536;  // ... and the tree build
constexpr int kAutoRefineTicks = 40;               // RunAuto: force ticks after the stress start
constexpr double kAutoRefineAlpha = 0.02;          // ... starting from this alpha
constexpr float kAutoRefineTheta = 1.2f;           // ... with this Barnes-Hut accuracy at least

#if defined(__x86_64__) && defined(__GNUC__)
#define ACCORD_AVX2_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define ACCORD_AVX2_CLONES
#endif

using detail::Mix;  // SplitMix64's finaliser (layout_parallel.hpp)

// Uniform in (0, 1), never 0.5 exactly, from a 64-bit hash.
inline double Unit(uint64_t h) {
  return (static_cast<double>(h >> 40) + 0.5) * 0x1p-24;
}

inline uint64_t Spread(uint32_t v) {
  uint64_t x = v;
  x = (x | (x << 16)) & 0x0000FFFF0000FFFFull;
  x = (x | (x << 8)) & 0x00FF00FF00FF00FFull;
  x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0Full;
  x = (x | (x << 2)) & 0x3333333333333333ull;
  x = (x | (x << 1)) & 0x5555555555555555ull;
  return x;
}

// One quadtree cell. Cells are stored in pre-order; `skip` is the index after this subtree.
struct Cell {
  float cx, cy;  // centre of mass
  float mass;    // number of points
  float open2;   // width^2 / theta^2: approximate when distance^2 exceeds it
  uint32_t skip;
  uint32_t begin, end;  // points [begin, end) in Morton order
  uint32_t leaf;
};

}  // namespace

struct Simulation::Tree {
  // Barnes-Hut.
  std::vector<uint64_t> keys, keys_tmp;
  std::vector<uint32_t> order, order_tmp;
  std::vector<uint32_t> hist;  // 4 x 4096
  std::vector<float> sx, sy;   // positions in Morton order
  std::vector<double> px, py;  // prefix sums of sx, sy
  std::vector<Cell> cells;
  std::vector<uint32_t> leaves;  // leaf cell indices, in Morton order: the walk's groups
  std::vector<float> bbox;       // per cell: x0, y0, x1, y1 of its points
  // One level of a thread's walk: the cell (an ancestor of the current group), the far list's
  // length after it, and its undecided cells list[list_begin, list_end).
  struct Level {
    uint32_t cell, nfar, nclamp, list_begin, list_end;  // nclamp: far cells closer than
  };                                                    // distance_min to some point
  struct Scratch {  // per-thread interaction lists, reused across ticks
    std::vector<float> far_x, far_y, far_m;
    std::vector<uint32_t> near_begin, near_end;
    std::vector<uint32_t> list;
    std::vector<Level> levels;
    std::vector<float> px, py, ax, ay, nx, ny;
    std::vector<int32_t> lane, bad;
  };
  std::vector<Scratch> scratch;
  double size = 1.0;
  float inv_theta2 = 0.0f;
  // Collide.
  std::vector<uint32_t> grid_start, grid_items, node_bucket;
  std::vector<int64_t> node_cx, node_cy;

  void Build(uint32_t b, uint32_t e, int level);
  // After the sort (order): gathers the n points into Morton order with their prefix sums,
  // then builds the cells.
  void GatherAndBuild(const float* x, const float* y, uint32_t n);
};

void Simulation::Tree::GatherAndBuild(const float* x, const float* y, uint32_t n) {
  px[0] = py[0] = 0.0;
  for (uint32_t k = 0; k < n; ++k) {
    const uint32_t i = order[k];
    sx[k] = x[i];
    sy[k] = y[i];
    px[k + 1] = px[k] + x[i];
    py[k + 1] = py[k] + y[i];
  }
  if (cells.capacity() < 2 * size_t{n} + 16) cells.reserve(2 * size_t{n} + 16);
  Build(0, n, 0);
}

void Simulation::Tree::Build(uint32_t b, uint32_t e, int level) {
  if (e - b > kLeafSize && level < kKeyBitsPerAxis) {
    // Skip levels where all points share one quadrant: the cell is the smallest holding them.
    const uint64_t diff = keys[b] ^ keys[e - 1];
    if (diff == 0) {
      level = kKeyBitsPerAxis;
    } else {
      const int msb = 63 - std::countl_zero(diff);
      level = std::max(level, kKeyBitsPerAxis - 1 - msb / 2);
    }
  }
  const uint32_t id = static_cast<uint32_t>(cells.size());
  cells.emplace_back();
  {
    Cell& c = cells.back();
    const double count = e - b;
    c.cx = static_cast<float>((px[e] - px[b]) / count);
    c.cy = static_cast<float>((py[e] - py[b]) / count);
    c.mass = static_cast<float>(count);
    const double width = std::ldexp(size, -level);
    c.open2 = inv_theta2 == INFINITY ? INFINITY : static_cast<float>(width * width * inv_theta2);
    c.begin = b;
    c.end = e;
    c.leaf = (e - b <= kLeafSize || level >= kKeyBitsPerAxis) ? 1 : 0;
    if (c.leaf) leaves.push_back(id);
  }
  if (!cells[id].leaf) {
    const int shift = 2 * (kKeyBitsPerAxis - 1 - level);
    uint32_t cur = b;
    for (uint64_t q = 0; q < 4 && cur < e; ++q) {
      const uint32_t next = static_cast<uint32_t>(
          std::partition_point(keys.begin() + cur, keys.begin() + e,
                               [&](uint64_t k) { return ((k >> shift) & 3u) <= q; }) -
          keys.begin());
      if (next > cur) Build(cur, next, level + 1);
      cur = next;
    }
  }
  cells[id].skip = static_cast<uint32_t>(cells.size());
}

// ---- construction --------------------------------------------------------------------------

Simulation::Simulation(uint32_t node_count, std::span<const uint32_t> link_sources,
                       std::span<const uint32_t> link_targets, LayoutOptions options)
    : options_(options), tree_(std::make_unique<Tree>()) {
  Init(node_count, link_sources, link_targets);
}

Simulation::Simulation(const Snapshot& snapshot, LayoutOptions options)
    : options_(options), tree_(std::make_unique<Tree>()) {
  Init(snapshot.NodeCount(), snapshot.link_source, snapshot.link_target);
}

Simulation::~Simulation() = default;
Simulation::Simulation(Simulation&&) noexcept = default;
Simulation& Simulation::operator=(Simulation&&) noexcept = default;

void Simulation::Init(uint32_t n, std::span<const uint32_t> sources,
                      std::span<const uint32_t> targets) {
  assert(sources.size() == targets.size() && "link endpoint arrays differ in length");
  alpha_ = options_.alpha;
  x_.resize(n);
  y_.resize(n);
  vx_.assign(n, 0.0f);
  vy_.assign(n, 0.0f);
  fx_.assign(n, 0.0f);
  fy_.assign(n, 0.0f);
  pinned_.assign(n, 0);

  for (uint32_t i = 0; i < n; ++i) PlaceInitial(i);

  std::vector<uint32_t> count(n, 0);
  for (size_t k = 0; k < sources.size(); ++k) {
    assert(sources[k] < n && targets[k] < n && "link endpoint out of range");
    if (sources[k] == targets[k]) continue;
    link_source_.push_back(sources[k]);
    link_target_.push_back(targets[k]);
    ++count[sources[k]];
    ++count[targets[k]];
  }
  const size_t m = link_source_.size();
  link_bias_.resize(m);
  link_strength_.resize(m);
  for (size_t k = 0; k < m; ++k) {
    const float cs = static_cast<float>(count[link_source_[k]]);
    const float ct = static_cast<float>(count[link_target_[k]]);
    link_bias_[k] = cs / (cs + ct);
    link_strength_[k] = options_.link_strength_scale / std::min(cs, ct);
  }
}

void Simulation::PlaceInitial(uint32_t i) {
  const uint64_t h1 = Mix(options_.seed ^ Mix(2ull * i));
  const uint64_t h2 = Mix(options_.seed ^ Mix(2ull * i + 1));
  if (options_.initial == InitialPlacement::kRandom) {
    const double r = 10.0 * std::sqrt(NodeCount() + 0.5) * std::sqrt(Unit(h1));
    const double a = 2.0 * std::numbers::pi * Unit(h2);
    x_[i] = static_cast<float>(r * std::cos(a));
    y_[i] = static_cast<float>(r * std::sin(a));
  } else {
    const double golden = std::numbers::pi * (3.0 - std::sqrt(5.0));
    const double r = 10.0 * std::sqrt(0.5 + i), a = i * golden;
    x_[i] = static_cast<float>(r * std::cos(a) + (Unit(h1) - 0.5) * options_.initial_jitter);
    y_[i] = static_cast<float>(r * std::sin(a) + (Unit(h2) - 0.5) * options_.initial_jitter);
  }
}

// ---- state ---------------------------------------------------------------------------------

void Simulation::Pin(uint32_t i, float x, float y) {
  assert(i < NodeCount() && std::isfinite(x) && std::isfinite(y) && "Pin: bad node or position");
  pinned_[i] = 1;
  fx_[i] = x_[i] = x;
  fy_[i] = y_[i] = y;
  vx_[i] = vy_[i] = 0.0f;
}

void Simulation::Unpin(uint32_t i) {
  pinned_[i] = 0;
}

void Simulation::SetPositions(std::span<const float> x, std::span<const float> y) {
  assert(x.size() == x_.size() && y.size() == y_.size() && "position arrays of the wrong size");
  std::copy(x.begin(), x.end(), x_.begin());
  std::copy(y.begin(), y.end(), y_.begin());
  for (uint32_t i = 0; i < NodeCount(); ++i) {
    if (!std::isfinite(x_[i]) || !std::isfinite(y_[i])) PlaceInitial(i);  // as d3 does for NaN
    if (pinned_[i]) {
      x_[i] = fx_[i];
      y_[i] = fy_[i];
    }
  }
  ClearVelocities();
}

void Simulation::SetRadii(std::span<const float> radii) {
  assert((radii.empty() || radii.size() == x_.size()) && "radii array of the wrong size");
  radii_.assign(radii.begin(), radii.end());
}

void Simulation::ClearVelocities() {
  std::fill(vx_.begin(), vx_.end(), 0.0f);
  std::fill(vy_.begin(), vy_.end(), 0.0f);
}

size_t Simulation::TreeCellCount() const {
  return tree_->cells.size();
}

float Simulation::Jiggle(uint64_t a, uint64_t b) const {
  const uint64_t h =
      Mix(options_.seed ^ Mix(static_cast<uint64_t>(ticks_) * 0x100000001b3ull ^
                                        Mix(a ^ Mix(b))));
  return static_cast<float>((Unit(h) - 0.5) * 1e-6);
}

// ---- ticking -------------------------------------------------------------------------------

void Simulation::Tick(int n) {
  for (int t = 0; t < n; ++t) {
    alpha_ += (options_.alpha_target - alpha_) * options_.alpha_decay;
    if (options_.link && options_.many_body && NodeCount() >= 2) {
      // The link pass reads positions and velocities and writes velocities; the tree build
      // reads positions only and the many-body pass writes velocities after it: so the link
      // pass can run beside the tree build (see BuildTree), with the same results as in turn.
      const double a = alpha_;
      BuildTree([this, a] { ApplyLink(a); });
      ManyBodyForces(alpha_);
    } else {
      if (options_.link) ApplyLink(alpha_);
      if (options_.many_body) ApplyManyBody(alpha_);
    }
    if (options_.gravity > 0.0f) ApplyGravity(alpha_);
    ApplyCollide();
    if (options_.center) ApplyCenter();
    Integrate();
    ++ticks_;
  }
}

Status Simulation::Run(int max_ticks, const ProgressFn& progress) {
  for (int t = 0; t < max_ticks; ++t) {
    if (Stopped()) return {};
    if (!Report(progress, t, max_ticks, "layout"))
      return Fail(ErrorCode::kCancelled,
                  "The layout was cancelled after " + std::to_string(t) + " ticks.");
    Tick(1);
  }
  return {};
}

// ---- the engine's own schedule -------------------------------------------------------------

Status Simulation::StressStart(std::span<const uint8_t> keep, const ProgressFn& progress,
                               AutoLayoutStats* stats) {
  const uint32_t n = NodeCount();
  assert((keep.empty() || keep.size() == n) && "keep array of the wrong size");
  const auto kept = [&](uint32_t i) { return pinned_[i] != 0 || (!keep.empty() && keep[i] != 0); };
  detail::StressSettings ss;
  ss.seed = options_.seed;
  ss.threads = std::clamp(options_.threads, 1, 64);
  ss.community_link_length = options_.community_link_length;
  ss.community_gap = options_.community_gap;
  if (stats) {
    ss.modularity = &stats->modularity;
    ss.used_communities = &stats->communities;
  }
  if (progress) ss.keep_going = [&] { return progress(0.0, 1.0, "Preparing layout"); };
  std::vector<float> x(n), y(n);
  if (!detail::SparseStressLayout(n, link_source_, link_target_, ss, x.data(), y.data()))
    return Fail(ErrorCode::kCancelled, "The layout start was cancelled.");
  for (uint32_t i = 0; i < n; ++i) {
    x[i] *= options_.link_distance;
    y[i] *= options_.link_distance;
  }
  // Kept nodes stay; the others take the stress layout moved onto the kept ones by the rigid
  // motion (rotation or reflection, then translation) that fits the kept nodes best in least
  // squares (orthogonal Procrustes in 2-D, closed form): new nodes land beside their placed
  // neighbours and the picture the user had does not move.
  double kc = 0, sx = 0, sy = 0, tx = 0, ty = 0;
  for (uint32_t i = 0; i < n; ++i)
    if (kept(i)) ++kc, sx += x[i], sy += y[i], tx += x_[i], ty += y_[i];
  if (kc > 0) {
    sx /= kc, sy /= kc, tx /= kc, ty /= kc;
    // Cross-covariance of the centred stress (a) and kept (b) coordinates.
    double axx = 0, axy = 0, ayx = 0, ayy = 0;
    for (uint32_t i = 0; i < n; ++i) {
      if (!kept(i)) continue;
      const double ax = x[i] - sx, ay = y[i] - sy, bx = x_[i] - tx, by = y_[i] - ty;
      axx += ax * bx, axy += ax * by, ayx += ay * bx, ayy += ay * by;
    }
    // Best rotation: angle atan2(axy - ayx, axx + ayy); best reflection (y mirrored first):
    // angle atan2(axy + ayx, axx - ayy); the better of the two has the larger norm.
    const double rot = std::hypot(axx + ayy, axy - ayx), ref = std::hypot(axx - ayy, axy + ayx);
    const bool mirror = ref > rot;
    const double ang = mirror ? std::atan2(axy + ayx, axx - ayy) : std::atan2(axy - ayx, axx + ayy);
    const double c = std::cos(ang), sn = std::sin(ang);
    for (uint32_t i = 0; i < n; ++i) {
      if (kept(i)) {
        x[i] = x_[i];
        y[i] = y_[i];
        continue;
      }
      const double ax = x[i] - sx, ay = (mirror ? -1.0 : 1.0) * (y[i] - sy);
      x[i] = static_cast<float>(tx + c * ax - sn * ay);
      y[i] = static_cast<float>(ty + sn * ax + c * ay);
    }
  }
  SetPositions(x, y);
  return {};
}

Status Simulation::RunAuto(const ProgressFn& progress, AutoLayoutStats* stats) {
  AutoLayoutStats local;
  AutoLayoutStats& st = stats ? *stats : local;
  st = {};
  // Progress counts the stress start as one step, then each tick.
  int ticks = kAutoRefineTicks;
  if (!Report(progress, 0, ticks + 1, "layout"))
    return Fail(ErrorCode::kCancelled, "The layout was cancelled before it started.");
  {
    const auto a = std::chrono::steady_clock::now();
    (void)StressStart({}, {}, &st);  // no progress given: cannot be cancelled
    st.stress_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count();
  }
  // After the community gap the layout is done: the forces would close the gaps again (pp_10k:
  // grp10 0.95 -> 0.80).
  if (st.communities && options_.community_gap > 0.0f) ticks = 0;
  // A short, cool run of the forces: separates nodes the stress start left close together and
  // evens out edge lengths without undoing the global shape.
  const double alpha0 = kAutoRefineAlpha;
  const LayoutOptions saved = options_;
  alpha_ = alpha0;
  options_.alpha_decay =
      1.0 - std::pow(options_.alpha_min * 0.999 / alpha0, 1.0 / std::max(ticks, 1));
  // The start already holds the global shape: the refine needs the near field right, not the
  // far one, so it opens fewer cells (Gephi's default theta).
  options_.theta = std::max(options_.theta, kAutoRefineTheta);
  std::vector<double> tick_ms(static_cast<size_t>(ticks));
  Status status;
  for (int t = 0; t < ticks; ++t) {
    if (!Report(progress, t + 1, ticks + 1, "layout")) {
      status = Fail(ErrorCode::kCancelled,
                    "The layout was cancelled after " + std::to_string(t) + " ticks.");
      break;
    }
    const auto a = std::chrono::steady_clock::now();
    Tick(1);
    tick_ms[t] =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count();
    ++st.ticks;
  }
  options_ = saved;
  if (status && alpha_ >= options_.alpha_min) alpha_ = options_.alpha_min * 0.999;
  if (st.ticks > 0) {
    tick_ms.resize(st.ticks);
    std::nth_element(tick_ms.begin(), tick_ms.begin() + tick_ms.size() / 2, tick_ms.end());
    st.tick_median_ms = tick_ms[tick_ms.size() / 2];
  }
  return status;
}

void Simulation::Integrate() {
  const float keep = static_cast<float>(1.0 - options_.velocity_decay);
  const uint32_t n = NodeCount();
  float* x = x_.data();
  float* y = y_.data();
  float* vx = vx_.data();
  float* vy = vy_.data();
  for (uint32_t i = 0; i < n; ++i) {
    vx[i] *= keep;
    vy[i] *= keep;
    x[i] += vx[i];
    y[i] += vy[i];
  }
  for (uint32_t i = 0; i < n; ++i) {
    if (pinned_[i]) {
      x[i] = fx_[i];
      y[i] = fy_[i];
      vx[i] = vy[i] = 0.0f;
    }
  }
}

void Simulation::ApplyGravity(double alpha) {
  const uint32_t n = NodeCount();
  const float k = static_cast<float>(options_.gravity * alpha);
  for (uint32_t i = 0; i < n; ++i) {
    vx_[i] += (options_.center_x - x_[i]) * k;
    vy_[i] += (options_.center_y - y_[i]) * k;
  }
}

void Simulation::ApplyCenter() {
  const uint32_t n = NodeCount();
  if (n == 0) return;
  double sx = 0.0, sy = 0.0;
  for (uint32_t i = 0; i < n; ++i) {
    sx += x_[i];
    sy += y_[i];
  }
  const float dx = static_cast<float>((sx / n - options_.center_x) * options_.center_strength);
  const float dy = static_cast<float>((sy / n - options_.center_y) * options_.center_strength);
  for (uint32_t i = 0; i < n; ++i) {
    x_[i] -= dx;
    y_[i] -= dy;
  }
}

void Simulation::ApplyLink(double alpha) {
  const size_t m = link_source_.size();
  const float a = static_cast<float>(alpha);
  const float dist = options_.link_distance;
  float* x = x_.data();
  float* y = y_.data();
  float* vx = vx_.data();
  float* vy = vy_.data();
  for (int it = 0; it < options_.link_iterations; ++it) {
    for (size_t k = 0; k < m; ++k) {
      const uint32_t s = link_source_[k], t = link_target_[k];
      float dx = x[t] + vx[t] - x[s] - vx[s];
      float dy = y[t] + vy[t] - y[s] - vy[s];
      if (dx == 0.0f) dx = Jiggle(k, 2ull * it);
      if (dy == 0.0f) dy = Jiggle(k, 2ull * it + 1);
      float l = std::sqrt(dx * dx + dy * dy);
      l = (l - dist) / l * a * link_strength_[k];
      dx *= l;
      dy *= l;
      const float b = link_bias_[k];
      vx[t] -= dx * b;
      vy[t] -= dy * b;
      vx[s] += dx * (1.0f - b);
      vy[s] += dy * (1.0f - b);
    }
  }
}

// ---- many-body -----------------------------------------------------------------------------

void Simulation::BuildTree(const std::function<void()>& beside) {
  Tree& T = *tree_;
  const uint32_t n = NodeCount();
  T.keys.resize(n);
  T.keys_tmp.resize(n);
  T.order.resize(n);
  T.order_tmp.resize(n);
  T.sx.resize(n);
  T.sy.resize(n);
  T.px.resize(n + 1);
  T.py.resize(n + 1);
  T.cells.clear();
  T.leaves.clear();
  if (n == 0) {
    if (beside) beside();
    return;
  }

  // Threaded only on big graphs: the serial tail (prefix sums, cell recursion) is half the
  // build, and below ~64k nodes the barrier's nine phases cost more than they save.
  const int threads = n < kParallelTreeMinNodes ? 1 : std::clamp(options_.threads, 1, 64);
  if (threads > 1) {
    BuildTreeParallel(threads, beside);
    return;
  }
  if (beside) beside();
  float minx = x_[0], maxx = x_[0], miny = y_[0], maxy = y_[0];
  for (uint32_t i = 1; i < n; ++i) {
    minx = std::min(minx, x_[i]);
    maxx = std::max(maxx, x_[i]);
    miny = std::min(miny, y_[i]);
    maxy = std::max(maxy, y_[i]);
  }
  double size = std::max<double>(maxx - minx, maxy - miny);
  if (!(size > 0.0)) size = 1.0;
  size *= 1.0 + 1e-6;
  T.size = size;
  const float theta2 = options_.theta * options_.theta;
  T.inv_theta2 = theta2 > 0.0f ? 1.0f / theta2 : INFINITY;

  const double scale = std::ldexp(1.0, kKeyBitsPerAxis) / size;
  const uint32_t qmax = (1u << kKeyBitsPerAxis) - 1;
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t qx = std::min(qmax, static_cast<uint32_t>((x_[i] - minx) * scale));
    const uint32_t qy = std::min(qmax, static_cast<uint32_t>((y_[i] - miny) * scale));
    T.keys[i] = Spread(qx) | (Spread(qy) << 1);
    T.order[i] = i;
  }

  // LSD radix sort of (key, index), 4 passes of 12 bits; stable, so ties keep index order.
  constexpr int kDigitBits = 12, kBuckets = 1 << kDigitBits, kPasses = 4;
  T.hist.assign(kPasses * kBuckets, 0);
  for (uint32_t i = 0; i < n; ++i)
    for (int p = 0; p < kPasses; ++p)
      ++T.hist[p * kBuckets + ((T.keys[i] >> (p * kDigitBits)) & (kBuckets - 1))];
  for (int p = 0; p < kPasses; ++p) {
    uint32_t* h = T.hist.data() + p * kBuckets;
    const uint64_t first = (T.keys[0] >> (p * kDigitBits)) & (kBuckets - 1);
    if (h[first] == n) continue;  // every key has the same digit
    uint32_t sum = 0;
    for (int b = 0; b < kBuckets; ++b) {
      const uint32_t c = h[b];
      h[b] = sum;
      sum += c;
    }
    for (uint32_t i = 0; i < n; ++i) {
      const uint32_t at = h[(T.keys[i] >> (p * kDigitBits)) & (kBuckets - 1)]++;
      T.keys_tmp[at] = T.keys[i];
      T.order_tmp[at] = T.order[i];
    }
    T.keys.swap(T.keys_tmp);
    T.order.swap(T.order_tmp);
  }

  T.GatherAndBuild(x_.data(), y_.data(), n);
}

// BuildTree on `threads` threads with the same result: the bounding box (min and max are exact
// in any order), the Morton keys and the radix sort's histograms and scatters run per
// contiguous chunk; each pass's bucket offsets give chunk w's items of a bucket after those of
// chunks < w, so the sort stays the stable serial one and yields the same permutation. The
// prefix sums (a serial chain of double additions) and the recursive cell build stay serial.
// One std::barrier sequences the phases; its completion step does the serial work.
void Simulation::BuildTreeParallel(int threads, const std::function<void()>& beside) {
  Tree& T = *tree_;
  const uint32_t n = NodeCount();
  constexpr int kDigitBits = 12, kBuckets = 1 << kDigitBits, kPasses = 4;
  const auto chunk = [&](int w) { return static_cast<uint32_t>(uint64_t{n} * w / threads); };
  struct Box {
    float x0, x1, y0, y1;
  };
  std::vector<Box> boxes(threads);
  T.hist.assign(size_t{kBuckets} * threads, 0);
  float minx = 0, miny = 0;
  double scale = 1.0;
  int pass = 0;
  bool skip = false;
  const uint32_t qmax = (1u << kKeyBitsPerAxis) - 1;
  // Serial steps, run by one thread between phases.
  const auto offsets = [&] {  // bucket offsets of `pass` from the per-chunk histograms
    uint32_t sum = 0;
    skip = false;
    for (int b = 0; b < kBuckets && !skip; ++b) {
      uint32_t total = 0;
      for (int w = 0; w < threads; ++w) total += T.hist[static_cast<size_t>(w) * kBuckets + b];
      skip = total == n;  // every key has the same digit: the pass would not move anything
    }
    if (skip) return;
    for (int b = 0; b < kBuckets; ++b)
      for (int w = 0; w < threads; ++w) {
        uint32_t& h = T.hist[static_cast<size_t>(w) * kBuckets + b];
        const uint32_t c = h;
        h = sum;
        sum += c;
      }
  };
  int step = 0;
  const auto serial = [&]() noexcept {
    if (step == 0) {  // after the boxes
      Box all = boxes[0];
      for (const Box& b : boxes)
        all = {std::min(all.x0, b.x0), std::max(all.x1, b.x1), std::min(all.y0, b.y0),
               std::max(all.y1, b.y1)};
      double size = std::max<double>(all.x1 - all.x0, all.y1 - all.y0);
      if (!(size > 0.0)) size = 1.0;
      size *= 1.0 + 1e-6;
      T.size = size;
      const float theta2 = options_.theta * options_.theta;
      T.inv_theta2 = theta2 > 0.0f ? 1.0f / theta2 : INFINITY;
      minx = all.x0;
      miny = all.y0;
      scale = std::ldexp(1.0, kKeyBitsPerAxis) / size;
    } else if (step % 2 == 1) {  // after a pass's histograms
      offsets();
    } else {  // after a pass's scatter
      if (!skip) {
        T.keys.swap(T.keys_tmp);
        T.order.swap(T.order_tmp);
      }
      ++pass;
      std::fill(T.hist.begin(), T.hist.end(), 0u);
    }
    ++step;
  };
  std::barrier sync(threads, serial);
  const auto work = [&](int w) {
    const uint32_t b = chunk(w), e = chunk(w + 1);
    Box box{INFINITY, -INFINITY, INFINITY, -INFINITY};
    for (uint32_t i = b; i < e; ++i) {
      box.x0 = std::min(box.x0, x_[i]);
      box.x1 = std::max(box.x1, x_[i]);
      box.y0 = std::min(box.y0, y_[i]);
      box.y1 = std::max(box.y1, y_[i]);
    }
    boxes[w] = box;
    sync.arrive_and_wait();
    for (uint32_t i = b; i < e; ++i) {
      const uint32_t qx = std::min(qmax, static_cast<uint32_t>((x_[i] - minx) * scale));
      const uint32_t qy = std::min(qmax, static_cast<uint32_t>((y_[i] - miny) * scale));
      T.keys[i] = Spread(qx) | (Spread(qy) << 1);
      T.order[i] = i;
    }
    for (int p = 0; p < kPasses; ++p) {
      const int shift = p * kDigitBits;
      uint32_t* h = T.hist.data() + static_cast<size_t>(w) * kBuckets;
      const uint64_t* keys = T.keys.data();
      for (uint32_t i = b; i < e; ++i) ++h[(keys[i] >> shift) & (kBuckets - 1)];
      sync.arrive_and_wait();  // offsets
      if (!skip) {
        const uint32_t* order = T.order.data();
        uint64_t* keys_tmp = T.keys_tmp.data();
        uint32_t* order_tmp = T.order_tmp.data();
        for (uint32_t i = b; i < e; ++i) {
          const uint32_t at = h[(keys[i] >> shift) & (kBuckets - 1)]++;
          keys_tmp[at] = keys[i];
          order_tmp[at] = order[i];
        }
      }
      sync.arrive_and_wait();  // swap, next pass
    }
  };
  // Once work(0) returns every thread has passed the last barrier and the sort is done: the
  // serial tail (gather, prefix sums, cells) runs while worker 1 does `beside`.
  std::vector<std::jthread> workers;
  workers.reserve(threads - 1);
  for (int w = 1; w < threads; ++w)
    workers.emplace_back([&work, &beside, w] {
      work(w);
      if (w == 1 && beside) beside();
    });
  work(0);
  T.GatherAndBuild(x_.data(), y_.data(), n);
  workers.clear();  // joins
}

// Walks the tree once per leaf group (the leaf's points, contiguous in Morton order): a cell
// whose centre of mass is farther than its opening distance from the group's bounding box is
// far for every point of the group (d3's test holds point by point), so it goes on the far
// list; leaves that cannot be approximated go on the near list and are summed exactly. The far
// list is then applied to all points of the group in one branch-free loop. Compared with a walk
// per point this only ever opens more cells (more exact, never less).
//
// On x86-64 built twice (AVX2 and baseline) and picked at load time: the far-field loop runs 8
// points per instruction where the CPU has AVX2. Lanes are points, so each point's sum is
// taken in the same order either way: the same results on both.
ACCORD_AVX2_CLONES void Simulation::ManyBodyRange(uint32_t gb, uint32_t ge, float scale,
                                                  size_t scratch_index) {
  Tree& T = *tree_;
  Tree::Scratch& S = T.scratch[scratch_index];
  const Cell* cells = T.cells.data();
  const uint32_t nc = static_cast<uint32_t>(T.cells.size());
  const float* sx = T.sx.data();
  const float* sy = T.sy.data();
  const uint32_t* order = T.order.data();
  const float dmin2 = options_.distance_min * options_.distance_min;
  const float dmax2 = options_.distance_max * options_.distance_max;
  // Interaction lists as plain arrays sized for the worst case (every cell), so the walk's
  // appends are stores without capacity checks; grown once, reused across ticks.
  if (S.far_m.size() < nc) {
    S.far_x.resize(nc);
    S.far_y.resize(nc);
    S.far_m.resize(nc);
    S.near_begin.resize(nc);
    S.near_end.resize(nc);
  }
  float* __restrict far_x = S.far_x.data();
  float* __restrict far_y = S.far_y.data();
  float* __restrict far_m = S.far_m.data();
  uint32_t* __restrict near_begin = S.near_begin.data();
  uint32_t* __restrict near_end = S.near_end.data();
  const float* bbox = T.bbox.data();
  // Squared distance from the bounding box bb to cell c's centre of mass: c is far for every
  // point in bb when c.open2 is below it (d3's test at the box's nearest point).
  const auto gap2 = [&](const Cell& c, const float* bb) {
    const float ddx = std::max(std::max(bb[0] - c.cx, c.cx - bb[2]), 0.0f);
    const float ddy = std::max(std::max(bb[1] - c.cy, c.cy - bb[3]), 0.0f);
    return ddx * ddx + ddy * ddy;
  };
  // The walk, shared down the tree: every ancestor A of a group (root first) takes the cells
  // its parent left undecided and sorts them into far for A's box - then far for every group
  // below A too, so they join the far list of all of them - or undecided again, opening only
  // cells larger than A (larger open2) on the way; the group's own walk then resolves what is
  // left to far cells and near leaves. Levels stay on a stack while consecutive groups share
  // them (groups are in Morton order), so the top of the tree is tested once per subtree
  // instead of once per group. A group's lists depend only on its chain of ancestors, never on
  // which groups this thread got, so threads do not change the result. Every far cell passes
  // the test for a box holding the group, hence for the group.
  constexpr uint32_t kAbove = UINT32_MAX;  // the base level, above the root: undecided = {root}
  std::vector<uint32_t>& list = S.list;
  std::vector<Tree::Level>& levels = S.levels;
  list.assign(1, 0);
  levels.assign(1, {kAbove, 0, 0, 0, 1});
  uint32_t nfar = 0, nclamp = 0;
  // Appends cell c (at squared gap d2 from the box being walked) to the far list.
  const auto add_far = [&](const Cell& c, float d2) {
    far_x[nfar] = c.cx;
    far_y[nfar] = c.cy;
    far_m[nfar] = c.mass;
    ++nfar;
    nclamp += d2 < dmin2 ? 1 : 0;
  };
  const auto contains = [&](uint32_t a, uint32_t leaf) {
    return a == kAbove || (a <= leaf && leaf < cells[a].skip);
  };
  for (uint32_t g = gb; g < ge; ++g) {
    const uint32_t leaf = T.leaves[g];
    while (!contains(levels.back().cell, leaf)) levels.pop_back();
    for (;;) {
      const Tree::Level top = levels.back();
      uint32_t next = 0;
      if (top.cell != kAbove) {
        next = top.cell + 1;
        while (!(next <= leaf && leaf < cells[next].skip)) next = cells[next].skip;
      }
      nfar = top.nfar;
      nclamp = top.nclamp;
      list.resize(top.list_end);
      if (next == leaf) break;
      const float* bb = bbox + 4 * size_t{next};
      const float open = cells[next].open2;
      for (uint32_t q = top.list_begin; q < top.list_end; ++q) {
        const uint32_t end = cells[list[q]].skip;
        for (uint32_t t = list[q]; t < end;) {
          const Cell& c = cells[t];
          const float d2 = gap2(c, bb);
          if (c.open2 < d2) {
            add_far(c, d2);
            t = c.skip;
          } else if (c.leaf || !(c.open2 > open)) {
            list.push_back(t);
            t = c.skip;
          } else {
            ++t;
          }
        }
      }
      levels.push_back({next, nfar, nclamp, top.list_end, static_cast<uint32_t>(list.size())});
    }
    const Tree::Level& parent = levels.back();
    const Cell& group = cells[leaf];
    const uint32_t b = group.begin, cnt = group.end - group.begin;
    const uint32_t padded = (cnt + 3) & ~3u;  // whole SSE lanes
    S.px.resize(std::max<size_t>(S.px.size(), padded));
    S.py.resize(S.px.size());
    S.ax.resize(S.px.size());
    S.ay.resize(S.px.size());
    S.nx.resize(S.px.size());
    S.ny.resize(S.px.size());
    S.lane.resize(S.px.size());
    S.bad.resize(S.px.size());
    float bx0 = sx[b], bx1 = sx[b], by0 = sy[b], by1 = sy[b];
    for (uint32_t p = 0; p < padded; ++p) {
      const uint32_t k = b + std::min(p, cnt - 1);  // padding repeats the last point
      S.px[p] = sx[k];
      S.py[p] = sy[k];
      S.ax[p] = S.ay[p] = S.nx[p] = S.ny[p] = 0.0f;
      S.lane[p] = static_cast<int32_t>(std::min(p, cnt - 1));
      S.bad[p] = 0;
      bx0 = std::min(bx0, sx[k]);
      bx1 = std::max(bx1, sx[k]);
      by0 = std::min(by0, sy[k]);
      by1 = std::max(by1, sy[k]);
    }

    uint32_t nnear = 0;
    const float gbox[4] = {bx0, by0, bx1, by1};
    for (uint32_t q = parent.list_begin; q < parent.list_end; ++q) {
      const uint32_t end = cells[list[q]].skip;
      for (uint32_t t = list[q]; t < end;) {
        const Cell& c = cells[t];
        const float d2 = gap2(c, gbox);
        if (c.open2 < d2) {
          add_far(c, d2);
          t = c.skip;
        } else if (!c.leaf) {
          ++t;
        } else {
          near_begin[nnear] = c.begin;
          near_end[nnear] = c.end;
          ++nnear;
          t = c.skip;
        }
      }
    }

    // Far cells: d3's approximation, per point; a branch-free loop the compiler vectorizes
    // (layout.cpp is built with -O3 -fno-math-errno -fno-trapping-math).
    float* __restrict ax = S.ax.data();
    float* __restrict ay = S.ay.data();
    const float* __restrict px = S.px.data();
    const float* __restrict py = S.py.data();
    if (nclamp == 0 && dmax2 == INFINITY) {
      // Every point is at least distance_min from every far cell (the box is) and nothing is
      // cut: the loop below without the clamp and the cut, with the same results.
      for (uint32_t f = 0; f < nfar; ++f) {
        const float cx = far_x[f], cy = far_y[f], m = far_m[f];
        for (uint32_t p = 0; p < padded; ++p) {
          const float dx = cx - px[p], dy = cy - py[p];
          const float w = m / (dx * dx + dy * dy);
          ax[p] += dx * w;
          ay[p] += dy * w;
        }
      }
    } else {
      for (uint32_t f = 0; f < nfar; ++f) {
        const float cx = far_x[f], cy = far_y[f], m = far_m[f];
        for (uint32_t p = 0; p < padded; ++p) {
          const float dx = cx - px[p], dy = cy - py[p];
          const float l2 = dx * dx + dy * dy;
          // max(l2, sqrt(dmin2 l2)) is d3's "l < dmin2 ? sqrt(dmin2 l) : l", branch-free.
          const float l = std::max(l2, std::sqrt(dmin2 * l2));
          const float w = m / l;
          const float wk = l2 < dmax2 ? w : 0.0f;
          ax[p] += dx * wk;
          ay[p] += dy * wk;
        }
      }
    }

    // Near leaves: every pair exactly, lanes = the group's points as above, each point's terms
    // summed in the same order (near leaves in walk order, points in Morton order) as the
    // scalar loop below, with the same operations (dx * (1 / l), the distance_min clamp, the
    // distance_max cut), so the sums are bit-identical to it. A point's own term is masked.
    // Coincident coordinates need d3's jiggle (a hash per pair): a group where any pair has
    // dx == 0 or dy == 0 is redone by the scalar loop, so the results never depend on it.
    float* __restrict nx = S.nx.data();
    float* __restrict ny = S.ny.data();
    const int32_t* __restrict lane = S.lane.data();
    int32_t* __restrict bad = S.bad.data();
    for (uint32_t r = 0; r < nnear; ++r) {
      for (uint32_t j = near_begin[r]; j < near_end[r]; ++j) {
        const float xj = sx[j], yj = sy[j];
        const int32_t self = static_cast<int32_t>(j - b);  // lane p is j when lane[p] == self
        for (uint32_t p = 0; p < padded; ++p) {
          const float dx = xj - px[p], dy = yj - py[p];
          const float l2 = dx * dx + dy * dy;
          const float l = l2 < dmin2 ? std::sqrt(dmin2 * l2) : l2;
          const bool other = lane[p] != self;
          const bool use = other & (l2 < dmax2);
          const float inv = 1.0f / l;  // one division for both axes
          const float qx = dx * inv, qy = dy * inv;
          nx[p] += use ? qx : 0.0f;
          ny[p] += use ? qy : 0.0f;
          bad[p] |= static_cast<int32_t>(other & ((dx == 0.0f) | (dy == 0.0f)));
        }
      }
    }
    bool jiggle = false;
    for (uint32_t p = 0; p < cnt; ++p) jiggle |= bad[p] != 0;
    if (!jiggle) {
      for (uint32_t p = 0; p < cnt; ++p) {
        const uint32_t i = order[b + p];
        vx_[i] += (ax[p] + nx[p]) * scale;
        vy_[i] += (ay[p] + ny[p]) * scale;
      }
      continue;
    }
    // Scalar near loop with d3's jiggle for coincident coordinates.
    for (uint32_t p = 0; p < cnt; ++p) {
      const uint32_t k = b + p;
      const float xi = px[p], yi = py[p];
      float sum_x = 0.0f, sum_y = 0.0f;
      for (uint32_t r = 0; r < nnear; ++r) {
        for (uint32_t j = near_begin[r]; j < near_end[r]; ++j) {
          if (j == k) continue;
          float dx = sx[j] - xi, dy = sy[j] - yi, l = dx * dx + dy * dy;
          if (l >= dmax2) continue;
          if (dx == 0.0f) dx = Jiggle(order[k], 2ull * order[j]), l += dx * dx;
          if (dy == 0.0f) dy = Jiggle(order[k], 2ull * order[j] + 1), l += dy * dy;
          if (l < dmin2) l = std::sqrt(dmin2 * l);
          const float inv = 1.0f / l;
          sum_x += dx * inv;
          sum_y += dy * inv;
        }
      }
      const uint32_t i = order[k];
      vx_[i] += (ax[p] + sum_x) * scale;
      vy_[i] += (ay[p] + sum_y) * scale;
    }
  }
}

void Simulation::ApplyManyBody(double alpha) {
  const uint32_t n = NodeCount();
  if (n < 2) return;
  BuildTree();
  ManyBodyForces(alpha);
}

void Simulation::ManyBodyForces(double alpha) {
  const uint32_t n = NodeCount();
  Tree& T = *tree_;
  // Bounding boxes of the cells' points, children before parents (cells are in pre-order).
  const uint32_t nc = static_cast<uint32_t>(T.cells.size());
  T.bbox.resize(4 * size_t{nc});
  for (uint32_t t = nc; t-- > 0;) {
    const Cell& c = T.cells[t];
    float* bb = T.bbox.data() + 4 * size_t{t};
    bb[0] = bb[1] = INFINITY;
    bb[2] = bb[3] = -INFINITY;
    if (c.leaf) {
      for (uint32_t k = c.begin; k < c.end; ++k) {
        bb[0] = std::min(bb[0], T.sx[k]);
        bb[1] = std::min(bb[1], T.sy[k]);
        bb[2] = std::max(bb[2], T.sx[k]);
        bb[3] = std::max(bb[3], T.sy[k]);
      }
      continue;
    }
    for (uint32_t ch = t + 1; ch < c.skip; ch = T.cells[ch].skip) {
      const float* cb = T.bbox.data() + 4 * size_t{ch};
      bb[0] = std::min(bb[0], cb[0]);
      bb[1] = std::min(bb[1], cb[1]);
      bb[2] = std::max(bb[2], cb[2]);
      bb[3] = std::max(bb[3], cb[3]);
    }
  }
  const float scale = static_cast<float>(options_.charge_strength * alpha);
  const int threads = n < kParallelMinNodes ? 1 : std::clamp(options_.threads, 1, 64);
  if (T.scratch.size() < static_cast<size_t>(threads)) T.scratch.resize(threads);
  const uint32_t groups = static_cast<uint32_t>(T.leaves.size());
  if (threads == 1) {
    ManyBodyRange(0, groups, scale, 0);
    return;
  }
  // Each thread owns a contiguous run of leaf groups (split by point count); every node's sum
  // is computed by one thread in a fixed order, so the result does not depend on the count.
  std::vector<uint32_t> cut(threads + 1, groups);
  cut[0] = 0;
  for (uint32_t g = 0, w = 1; g < groups && w < static_cast<uint32_t>(threads); ++g)
    if (T.cells[T.leaves[g]].begin >= static_cast<uint64_t>(n) * w / threads) cut[w++] = g;
  std::vector<std::jthread> workers;
  workers.reserve(threads - 1);
  for (int w = 1; w < threads; ++w)
    workers.emplace_back([this, &cut, w, scale] { ManyBodyRange(cut[w], cut[w + 1], scale, w); });
  ManyBodyRange(cut[0], cut[1], scale, 0);
}

void Simulation::ApplyManyBodyExact(double alpha) {
  const uint32_t n = NodeCount();
  const double scale = options_.charge_strength * alpha;
  const float dmin2 = options_.distance_min * options_.distance_min;
  const float dmax2 = options_.distance_max * options_.distance_max;
  for (uint32_t i = 0; i < n; ++i) {
    double ax = 0.0, ay = 0.0;
    for (uint32_t j = 0; j < n; ++j) {
      if (j == i) continue;
      float dx = x_[j] - x_[i], dy = y_[j] - y_[i], l = dx * dx + dy * dy;
      if (l >= dmax2) continue;
      if (dx == 0.0f) dx = Jiggle(i, 2ull * j), l += dx * dx;
      if (dy == 0.0f) dy = Jiggle(i, 2ull * j + 1), l += dy * dy;
      if (l < dmin2) l = std::sqrt(dmin2 * l);
      ax += static_cast<double>(dx) / l;
      ay += static_cast<double>(dy) / l;
    }
    vx_[i] += static_cast<float>(ax * scale);
    vy_[i] += static_cast<float>(ay * scale);
  }
}

// ---- collide -------------------------------------------------------------------------------

void Simulation::ApplyCollide() {
  const uint32_t n = NodeCount();
  if (n < 2) return;
  const bool per_node = !radii_.empty();
  float rmax = options_.collide_radius;
  if (per_node) {
    rmax = 0.0f;
    for (float r : radii_) rmax = std::max(rmax, r);
  }
  if (!(rmax > 0.0f)) return;
  auto radius = [&](uint32_t i) { return per_node ? radii_[i] : options_.collide_radius; };

  Tree& T = *tree_;
  const uint32_t buckets = std::bit_ceil(2 * n);
  // Cells wrap onto a W x H torus of buckets: neighbouring cells are neighbouring buckets, so
  // nodes visited in Morton order touch nearby memory; far cells sharing a bucket only cost a
  // distance test.
  const int log_w = (std::countr_zero(buckets) + 1) / 2;
  const uint64_t wmask = (uint64_t{1} << log_w) - 1;
  const uint64_t hmask = (buckets >> log_w) - 1;
  const double cell = 2.0 * rmax;
  auto bucket_of = [log_w, wmask, hmask](int64_t cx, int64_t cy) {
    return static_cast<uint32_t>((static_cast<uint64_t>(cx) & wmask) |
                                 ((static_cast<uint64_t>(cy) & hmask) << log_w));
  };
  float* x = x_.data();
  float* y = y_.data();
  float* vx = vx_.data();
  float* vy = vy_.data();
  const float strength = options_.collide_strength;

  for (int it = 0; it < options_.collide_iterations; ++it) {
    // Bucket the predicted positions (counting sort by hashed grid cell).
    T.node_cx.resize(n);
    T.node_cy.resize(n);
    T.node_bucket.resize(n);
    T.grid_items.resize(n);
    T.grid_start.assign(buckets + 1, 0);
    for (uint32_t i = 0; i < n; ++i) {
      T.node_cx[i] = static_cast<int64_t>(std::floor((x[i] + vx[i]) / cell));
      T.node_cy[i] = static_cast<int64_t>(std::floor((y[i] + vy[i]) / cell));
      T.node_bucket[i] = bucket_of(T.node_cx[i], T.node_cy[i]);
      ++T.grid_start[T.node_bucket[i] + 1];
    }
    for (uint32_t b = 0; b < buckets; ++b) T.grid_start[b + 1] += T.grid_start[b];
    {
      std::vector<uint32_t>& fill = T.order_tmp;  // reuse a scratch buffer
      fill.assign(T.grid_start.begin(), T.grid_start.end() - 1);
      for (uint32_t i = 0; i < n; ++i) T.grid_items[fill[T.node_bucket[i]]++] = i;
    }

    // Visit nodes in the many-body pass's Morton order when there is one (neighbouring nodes
    // touch neighbouring buckets); each pair is still handled once, by its lower index.
    const bool morton = T.order.size() == n;
    for (uint32_t visit = 0; visit < n; ++visit) {
      const uint32_t i = morton ? T.order[visit] : visit;
      const float ri = radius(i), ri2 = ri * ri;
      const float xi = x[i] + vx[i], yi = y[i] + vy[i];
      uint32_t seen[9];
      int nseen = 0;
      for (int64_t gx = -1; gx <= 1; ++gx) {
        for (int64_t gy = -1; gy <= 1; ++gy) {
          const uint32_t b = bucket_of(T.node_cx[i] + gx, T.node_cy[i] + gy);
          if (std::find(seen, seen + nseen, b) != seen + nseen) continue;
          seen[nseen++] = b;
          for (uint32_t s = T.grid_start[b]; s < T.grid_start[b + 1]; ++s) {
            const uint32_t j = T.grid_items[s];
            if (j <= i) continue;
            const float rj = radius(j), r = ri + rj;
            float dx = xi - x[j] - vx[j], dy = yi - y[j] - vy[j];
            float l = dx * dx + dy * dy;
            if (!(l < r * r)) continue;
            if (dx == 0.0f) dx = Jiggle(i, 2ull * j), l += dx * dx;
            if (dy == 0.0f) dy = Jiggle(i, 2ull * j + 1), l += dy * dy;
            l = std::sqrt(l);
            l = (r - l) / l * strength;
            dx *= l;
            dy *= l;
            const float rj2 = rj * rj, f = rj2 / (ri2 + rj2);
            vx[i] += dx * f;
            vy[i] += dy * f;
            vx[j] -= dx * (1.0f - f);
            vy[j] -= dy * (1.0f - f);
          }
        }
      }
    }
  }
}

}  // namespace accord::graph
