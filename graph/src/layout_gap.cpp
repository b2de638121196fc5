// The community gap refine of the layout's start. See layout_gap.hpp.
#include "layout_gap.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cmath>
#include <vector>

#include "layout_parallel.hpp"

namespace accord::graph::detail {
namespace {

constexpr uint16_t kUnreached = UINT16_MAX;

#if defined(__x86_64__) && defined(__GNUC__)
#define ACCORD_GAP_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define ACCORD_GAP_CLONES
#endif

constexpr uint32_t kBlock = 1024;        // nodes per block of the pivot-row partial sums
constexpr uint32_t kMixed = UINT32_MAX;  // a grid bucket holding several communities

// Hop distances from up to 64 sources at once (multi-source BFS, Then et al., "The more the
// merrier: efficient multi-source graph traversal", VLDB 2014): each node keeps one bit per
// source for seen, frontier and next, so one pass over the frontier's links advances all
// searches by a level. Writes dist[v * stride + first + b] for source b of `sources`.
struct BitBfs {
  std::vector<uint64_t> seen, frontier, next;
  std::vector<uint32_t> active, coming;

  void Run(uint32_t n, std::span<const uint32_t> off, std::span<const uint32_t> adj,
           std::span<const uint32_t> sources, uint16_t* dist, uint32_t stride, uint32_t first) {
    seen.assign(n, 0);
    frontier.assign(n, 0);
    next.assign(n, 0);
    active.clear();
    for (uint32_t v = 0; v < n; ++v)
      for (uint32_t b = 0; b < sources.size(); ++b)
        dist[size_t{v} * stride + first + b] = kUnreached;
    for (uint32_t b = 0; b < sources.size(); ++b) {
      const uint32_t v = sources[b];
      if (frontier[v] == 0) active.push_back(v);
      seen[v] |= uint64_t{1} << b;
      frontier[v] |= uint64_t{1} << b;
      dist[size_t{v} * stride + first + b] = 0;
    }
    uint16_t level = 0;
    while (!active.empty()) {
      if (level < kUnreached - 1) ++level;
      coming.clear();
      for (uint32_t v : active) {
        const uint64_t f = frontier[v];
        for (uint32_t a = off[v]; a < off[v + 1]; ++a) {
          const uint32_t u = adj[a];
          const uint64_t nb = f & ~seen[u];
          if (nb == 0) continue;
          if (next[u] == 0) coming.push_back(u);
          next[u] |= nb;
        }
      }
      for (uint32_t v : active) frontier[v] = 0;
      for (uint32_t u : coming) {
        uint64_t nb = next[u];
        next[u] = 0;
        seen[u] |= nb;
        frontier[u] = nb;
        uint16_t* du = dist + size_t{u} * stride + first;
        while (nb != 0) {
          du[std::countr_zero(nb)] = level;
          nb &= nb - 1;
        }
      }
      active.swap(coming);
    }
  }
};

// Bucket of grid cell (cx, cy) in a table of `mask + 1` buckets.
inline uint32_t CellBucket(int64_t cx, int64_t cy, uint32_t mask) {
  return static_cast<uint32_t>(
      Mix(static_cast<uint64_t>(cx) * 0x9e3779b97f4a7c15ull ^ static_cast<uint64_t>(cy)) & mask);
}

// The (v, pivot) terms of node v, both sides: v's sums into sx, sy, sw, and each pivot's side
// (v placed by the pivot) added to qx, qy, qw. Weight share / d^2, target d hops; the pivot
// itself (d = 0) and unreached pivots add nothing.
ACCORD_GAP_CLONES void NodeTerms(float xv, float yv, uint32_t k, float share,
                                 const uint16_t* __restrict dv, const float* __restrict px,
                                 const float* __restrict py, float* __restrict qx,
                                 float* __restrict qy, float* __restrict qw, float& sx, float& sy,
                                 float& sw) {
  float ax = 0.0f, ay = 0.0f, aw = 0.0f;
  for (uint32_t p = 0; p < k; ++p) {
    const uint16_t di = dv[p];
    const float d = static_cast<float>(di);
    const float w = di != 0 && di != kUnreached ? share / (d * d) : 0.0f;
    const float dx = xv - px[p], dy = yv - py[p];
    const float l = std::sqrt(dx * dx + dy * dy);
    const float f = l > 1e-9f ? d / l : 0.0f;
    ax += w * (px[p] + dx * f);
    ay += w * (py[p] + dy * f);
    aw += w;
    qx[p] += w * (xv - dx * f);
    qy[p] += w * (yv - dy * f);
    qw[p] += w;
  }
  sx = ax;
  sy = ay;
  sw = aw;
}

// The gap terms of a node at (xv, yv) against `count` nodes of other communities: each closer
// than `gap` places it `gap` away from itself, added to gx, gy, gw (weight 1 each).
ACCORD_GAP_CLONES void GapTerms(const float* __restrict ox, const float* __restrict oy,
                                uint32_t count, float xv, float yv, float gap, float& gx, float& gy,
                                float& gw) {
  float ax = 0.0f, ay = 0.0f, aw = 0.0f;
  for (uint32_t q = 0; q < count; ++q) {
    const float dx = xv - ox[q], dy = yv - oy[q];
    const float l2 = dx * dx + dy * dy;
    const float w = l2 < gap * gap ? 1.0f : 0.0f;
    const float l = std::sqrt(l2);
    const float f = l > 1e-9f ? gap / l : 0.0f;
    ax += w * (ox[q] + dx * f);
    ay += w * (oy[q] + dy * f);
    aw += w;
  }
  gx += ax;
  gy += ay;
  gw += aw;
}

}  // namespace

bool GapRefine(uint32_t n, std::span<const uint32_t> off, std::span<const uint32_t> adj,
               std::span<const uint32_t> group, const GapSettings& settings, float* x, float* y) {
  assert(off.size() == size_t{n} + 1 && group.size() == n);
  const uint32_t k = std::min<uint32_t>(n, static_cast<uint32_t>(std::max(settings.pivots, 0)));
  if (n < 3 || k == 0 || settings.sweeps <= 0) return true;
  const int threads = std::max(settings.threads, 1);
  const float gap = settings.gap;
  const bool gapped = gap > 0.0f && settings.weight > 0.0f;
  const float gap_w = gapped ? settings.weight / (gap * gap) : 0.0f;
  const float share = static_cast<float>(n) / static_cast<float>(k);  // pairs per pivot pair
  const float cell = gap;  // grid cell: the gap's disc lies in the 3 x 3 cells around

  std::vector<uint16_t> dist(size_t{k} * n);  // node major: dist[v * k + p]
  std::vector<uint32_t> pivot(k), slot(n, UINT32_MAX);
  std::vector<float> px(k), py(k), nx(n), ny(n), sx(n), sy(n), sw(n);
  const uint32_t batches = (k + 63) / 64, blocks = (n + kBlock - 1) / kBlock;
  std::vector<BitBfs> bfs(std::min<uint32_t>(batches, static_cast<uint32_t>(threads)));
  // Per block of kBlock nodes, the pivot rows' partial sums (x, y, weight): the pivot's side of
  // each (node, pivot) term, summed in a fixed order whatever the thread count.
  std::vector<float> part(size_t{blocks} * k * 3);
  // The grid: nodes sorted by the bucket of their cell (counting sort), bucket b's nodes at
  // order[head[b] .. head[b + 1]).
  uint32_t buckets = 1;
  while (buckets < 2 * n) buckets <<= 1;
  const uint32_t mask = buckets - 1;
  std::vector<uint32_t> head(gapped ? buckets + 1 : 0), order(gapped ? n : 0),
      bucket_of(gapped ? n : 0), fill;
  std::vector<int64_t> cell_x(gapped ? n : 0), cell_y(gapped ? n : 0);
  // Positions and communities in grid order, for contiguous reads.
  std::vector<float> ox(gapped ? n : 0), oy(gapped ? n : 0);
  std::vector<uint32_t> og(gapped ? n : 0), pure(gapped ? buckets : 0);
  // Nodes by community (a counting sort): filling the buckets in this order sorts each bucket
  // by community, so a node's own community is one run of its bucket, left out by search.
  std::vector<uint32_t> by_group(gapped ? n : 0);
  if (gapped) {
    const uint32_t groups = *std::max_element(group.begin(), group.end()) + 1;
    std::vector<uint32_t> start(groups + 1, 0);
    for (uint32_t v = 0; v < n; ++v) ++start[group[v] + 1];
    for (uint32_t g = 0; g < groups; ++g) start[g + 1] += start[g];
    for (uint32_t v = 0; v < n; ++v) by_group[start[group[v]]++] = v;
  }

  const float omega = settings.relaxation;
  for (int it = 0; it < settings.sweeps; ++it) {
    if (settings.keep_going && !settings.keep_going()) return false;
    // Pivots: k distinct nodes from the seed and the sweep.
    for (uint32_t p = 0; p < k; ++p) {
      uint32_t v = static_cast<uint32_t>(
          Mix(settings.seed ^ Mix((static_cast<uint64_t>(it) << 32) | p)) % n);
      while (slot[v] != UINT32_MAX) v = v + 1 == n ? 0 : v + 1;
      slot[v] = p;
      pivot[p] = v;
    }
    // Batches of 64 searches, one thread's scratch for each contiguous run of batches.
    ParallelFor(
        static_cast<uint32_t>(bfs.size()), threads,
        [&](uint32_t b, uint32_t e) {
          for (uint32_t t = b; t < e; ++t)
            for (uint32_t q = t; q < batches; q += static_cast<uint32_t>(bfs.size())) {
              const uint32_t first = q * 64, count = std::min<uint32_t>(64, k - first);
              bfs[t].Run(n, off, adj, std::span(pivot).subspan(first, count), dist.data(), k,
                         first);
            }
        },
        2);

    if (it == 0) {
      // Scale so the pivot pairs fit their hop distances: s = sum(l/d) / sum(l^2/d^2).
      double a = 0.0, b2 = 0.0;
      for (uint32_t v = 0; v < n; ++v)
        for (uint32_t p = 0; p < k; ++p) {
          const uint16_t d = dist[size_t{v} * k + p];
          if (d == 0 || d == kUnreached) continue;
          const double r = std::hypot(x[v] - x[pivot[p]], y[v] - y[pivot[p]]) / d;
          a += r;
          b2 += r * r;
        }
      if (b2 > 0.0 && a > 0.0) {
        const float s = static_cast<float>(a / b2);
        for (uint32_t v = 0; v < n; ++v) x[v] *= s, y[v] *= s;
      }
    }
    for (uint32_t p = 0; p < k; ++p) px[p] = x[pivot[p]], py[p] = y[pivot[p]];

    if (gapped) {
      head.assign(buckets + 1, 0u);
      for (uint32_t v = 0; v < n; ++v) {
        cell_x[v] = static_cast<int64_t>(std::floor(x[v] / cell));
        cell_y[v] = static_cast<int64_t>(std::floor(y[v] / cell));
        bucket_of[v] = CellBucket(cell_x[v], cell_y[v], mask);
        ++head[bucket_of[v] + 1];
      }
      for (uint32_t b = 0; b < buckets; ++b) head[b + 1] += head[b];
      fill.assign(head.begin(), head.end() - 1);
      for (uint32_t v : by_group) order[fill[bucket_of[v]]++] = v;
      for (uint32_t q = 0; q < n; ++q) {
        const uint32_t v = order[q];
        ox[q] = x[v];
        oy[q] = y[v];
        og[q] = group[v];
      }
      // A bucket's one community, or kMixed: most buckets lie inside one community, and a
      // node of that community skips them at once.
      for (uint32_t b = 0; b < buckets; ++b) {
        uint32_t g = head[b] < head[b + 1] ? og[head[b]] : kMixed;
        for (uint32_t q = head[b] + 1; q < head[b + 1] && g != kMixed; ++q)
          if (og[q] != g) g = kMixed;
        pure[b] = g;
      }
    }

    ParallelFor(
        blocks, threads,
        [&](uint32_t block_begin, uint32_t block_end) {
          for (uint32_t blk = block_begin; blk < block_end; ++blk) {
            float* qx = part.data() + size_t{blk} * k * 3;
            float* qy = qx + k;
            float* qw = qy + k;
            std::fill(qx, qx + 3 * size_t{k}, 0.0f);
            const uint32_t vend = std::min(n, (blk + 1) * kBlock);
            for (uint32_t v = blk * kBlock; v < vend; ++v)
              NodeTerms(x[v], y[v], k, share, dist.data() + size_t{v} * k, px.data(), py.data(), qx,
                        qy, qw, sx[v], sy[v], sw[v]);
          }
        },
        2);

    // Links and the gap, then the update; pivots add their rows' block sums.
    ParallelFor(n, threads, [&](uint32_t b, uint32_t e) {
      for (uint32_t v = b; v < e; ++v) {
        const float xv = x[v], yv = y[v];
        float ax = sx[v], ay = sy[v], aw = sw[v];
        for (uint32_t a = off[v]; a < off[v + 1]; ++a) {
          const uint32_t u = adj[a];
          const float dx = xv - x[u], dy = yv - y[u];
          const float l = std::sqrt(dx * dx + dy * dy);
          const float f = l > 1e-9f ? 1.0f / l : 0.0f;
          ax += x[u] + dx * f;
          ay += y[u] + dy * f;
          aw += 1.0f;
        }
        if (slot[v] != UINT32_MAX) {
          const uint32_t p = slot[v];
          double rx = 0.0, ry = 0.0, rw = 0.0;
          for (uint32_t blk = 0; blk < blocks; ++blk) {
            const float* q = part.data() + size_t{blk} * k * 3;
            rx += q[p];
            ry += q[k + p];
            rw += q[2 * k + p];
          }
          ax += static_cast<float>(rx);
          ay += static_cast<float>(ry);
          aw += static_cast<float>(rw);
        }
        if (gapped) {
          // Nodes of other communities closer than the gap, from the 3 x 3 cells around v
          // (each bucket once: two cells may share one).
          uint32_t seen[9];
          int nseen = 0;
          float gx = 0.0f, gy = 0.0f, gw = 0.0f;
          for (int64_t i = -1; i <= 1; ++i)
            for (int64_t j = -1; j <= 1; ++j) {
              const uint32_t bk = CellBucket(cell_x[v] + i, cell_y[v] + j, mask);
              if (pure[bk] == group[v] || std::find(seen, seen + nseen, bk) != seen + nseen)
                continue;
              seen[nseen++] = bk;
              const uint32_t* gb = og.data() + head[bk];
              const uint32_t* ge = og.data() + head[bk + 1];
              const uint32_t lo = static_cast<uint32_t>(std::lower_bound(gb, ge, group[v]) - gb);
              const uint32_t hi =
                  static_cast<uint32_t>(std::upper_bound(gb + lo, ge, group[v]) - gb);
              GapTerms(ox.data() + head[bk], oy.data() + head[bk], lo, xv, yv, gap, gx, gy, gw);
              GapTerms(ox.data() + head[bk] + hi, oy.data() + head[bk] + hi,
                       head[bk + 1] - head[bk] - hi, xv, yv, gap, gx, gy, gw);
            }
          ax += gap_w * gx;
          ay += gap_w * gy;
          aw += gap_w * gw;
        }
        nx[v] = aw > 0.0f ? xv + omega * (ax / aw - xv) : xv;
        ny[v] = aw > 0.0f ? yv + omega * (ay / aw - yv) : yv;
      }
    });
    std::copy(nx.begin(), nx.end(), x);
    std::copy(ny.begin(), ny.end(), y);
    for (uint32_t p = 0; p < k; ++p) slot[pivot[p]] = UINT32_MAX;
  }
  double mx = 0.0, my = 0.0;
  for (uint32_t v = 0; v < n; ++v) mx += x[v], my += y[v];
  for (uint32_t v = 0; v < n; ++v) {
    x[v] -= static_cast<float>(mx / n);
    y[v] -= static_cast<float>(my / n);
  }
  return true;
}

}  // namespace accord::graph::detail
