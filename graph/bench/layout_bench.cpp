// Google Benchmark for the layout engine: a whole Tick() (the defaults: link, many-body, center;
// and again with collide radius 4), its parts (link pass, many-body with tree build, the tree
// build alone, collide), the start's Louvain communities and the whole own-schedule layout RunAuto,
// on seeded Barabasi-Albert graphs (m = 2, as the layout harness's ba_10k / ba_100k) of 10k and
// 100k nodes, on 1 and 2 threads. Reports ms per call.
//   accord_layout_bench [--benchmark_filter=Tick]
#include <benchmark/benchmark.h>

#include <map>
#include <random>
#include <vector>

#include "../src/layout_community.hpp"  // internal to accord_graph: the start's communities
#include "accord/graph/layout.hpp"

namespace {

struct Graph {
  uint32_t n = 0;
  std::vector<uint32_t> s, t;
};

// Preferential attachment: a clique on m+1 nodes, then each new node links to m distinct
// earlier nodes drawn with probability proportional to degree (endpoint list sampling).
Graph BarabasiAlbert(uint32_t n, uint32_t m, uint64_t seed) {
  Graph g;
  g.n = n;
  std::mt19937_64 rng(seed);
  std::vector<uint32_t> ends;
  for (uint32_t a = 0; a <= m; ++a)
    for (uint32_t b = a + 1; b <= m; ++b) {
      g.s.push_back(a), g.t.push_back(b);
      ends.push_back(a), ends.push_back(b);
    }
  std::vector<uint32_t> picked;
  for (uint32_t v = m + 1; v < n; ++v) {
    picked.clear();
    while (picked.size() < m) {
      const uint32_t u = ends[rng() % ends.size()];
      bool dup = false;
      for (uint32_t p : picked) dup |= p == u;
      if (!dup) picked.push_back(u);
    }
    for (uint32_t u : picked) {
      g.s.push_back(v), g.t.push_back(u);
      ends.push_back(v), ends.push_back(u);
    }
  }
  return g;
}

const Graph& Ba(uint32_t n) {
  static std::map<uint32_t, Graph> cache;
  auto it = cache.find(n);
  if (it == cache.end()) it = cache.emplace(n, BarabasiAlbert(n, 2, 1000 + n)).first;
  return it->second;
}

accord::graph::Simulation Warm(const benchmark::State& state, bool collide = false) {
  const Graph& g = Ba(static_cast<uint32_t>(state.range(0)));
  accord::graph::LayoutOptions o;
  o.threads = static_cast<int>(state.range(1));
  if (collide) o.collide_radius = 4.0f;  // off in d3's and our default simulation
  accord::graph::Simulation sim(g.n, g.s, g.t, o);
  sim.Tick(5);  // leave the phyllotaxis disc for a realistic spread
  return sim;
}

void Finish(benchmark::State& state) {
  state.counters["nodes"] = static_cast<double>(state.range(0));
  state.counters["threads"] = static_cast<double>(state.range(1));
}

void BM_Tick(benchmark::State& state) {
  auto sim = Warm(state);
  for (auto _ : state) {
    sim.SetAlpha(0.5);
    sim.Tick(1);
    benchmark::DoNotOptimize(sim.X());
  }
  Finish(state);
}

void BM_TickWithCollide(benchmark::State& state) {
  auto sim = Warm(state, true);
  for (auto _ : state) {
    sim.SetAlpha(0.5);
    sim.Tick(1);
    benchmark::DoNotOptimize(sim.X());
  }
  Finish(state);
}

void BM_ManyBody(benchmark::State& state) {
  auto sim = Warm(state);
  for (auto _ : state) {
    sim.ApplyManyBody(0.5);
    benchmark::DoNotOptimize(sim.VX());
  }
  sim.ClearVelocities();
  state.counters["cells"] = static_cast<double>(sim.TreeCellCount());
  Finish(state);
}

void BM_TreeBuild(benchmark::State& state) {
  auto sim = Warm(state);
  for (auto _ : state) {
    sim.BuildManyBodyTree();
    benchmark::DoNotOptimize(sim.TreeCellCount());
  }
  state.counters["cells"] = static_cast<double>(sim.TreeCellCount());
  Finish(state);
}

// The whole own-schedule layout (accord layout --iterations auto): stress start + 40 ticks.
void BM_RunAuto(benchmark::State& state) {
  const Graph& g = Ba(static_cast<uint32_t>(state.range(0)));
  accord::graph::LayoutOptions o;
  o.threads = static_cast<int>(state.range(1));
  double stress_ms = 0, tick_ms = 0;
  for (auto _ : state) {
    accord::graph::Simulation sim(g.n, g.s, g.t, o);
    accord::graph::AutoLayoutStats stats;
    (void)sim.RunAuto({}, &stats);
    stress_ms = stats.stress_ms;
    tick_ms = stats.tick_median_ms;
    benchmark::DoNotOptimize(sim.X());
  }
  state.counters["stress_start_ms"] = stress_ms;
  state.counters["tick_ms"] = tick_ms;
  Finish(state);
}

void BM_Link(benchmark::State& state) {
  auto sim = Warm(state);
  for (auto _ : state) {
    sim.ApplyLink(0.5);
    benchmark::DoNotOptimize(sim.VX());
  }
  Finish(state);
}

// Louvain communities as the stress start finds them (on BA graphs the start then finds the
// modularity too low to use them: this is their whole cost there).
void BM_Communities(benchmark::State& state) {
  const Graph& g = Ba(static_cast<uint32_t>(state.range(0)));
  std::vector<uint32_t> off(g.n + 1, 0), adj(2 * g.s.size());
  for (size_t e = 0; e < g.s.size(); ++e) ++off[g.s[e] + 1], ++off[g.t[e] + 1];
  for (uint32_t i = 0; i < g.n; ++i) off[i + 1] += off[i];
  std::vector<uint32_t> fill(off.begin(), off.end() - 1);
  for (size_t e = 0; e < g.s.size(); ++e)
    adj[fill[g.s[e]]++] = g.t[e], adj[fill[g.t[e]]++] = g.s[e];
  double q = 0;
  for (auto _ : state) {
    const auto c = accord::graph::detail::Louvain(g.n, off, adj);
    q = c.modularity;
    benchmark::DoNotOptimize(c.of.data());
  }
  state.counters["modularity"] = q;
  Finish(state);
}

void BM_Collide(benchmark::State& state) {
  auto sim = Warm(state, true);
  for (auto _ : state) {
    sim.ApplyCollide();
    benchmark::DoNotOptimize(sim.VX());
  }
  Finish(state);
}

#define ACCORD_SIZES                  \
  ->Args({10000, 1})                  \
      ->Args({10000, 2})              \
      ->Args({100000, 1})             \
      ->Args({100000, 2})             \
      ->Unit(benchmark::kMillisecond) \
      ->UseRealTime()

BENCHMARK(BM_Tick) ACCORD_SIZES;
BENCHMARK(BM_TickWithCollide) ACCORD_SIZES;
BENCHMARK(BM_ManyBody) ACCORD_SIZES;
BENCHMARK(BM_TreeBuild) ACCORD_SIZES;
BENCHMARK(BM_RunAuto) ACCORD_SIZES->Iterations(2);
BENCHMARK(BM_Link)->Args({10000, 1})->Args({100000, 1})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Communities)->Args({10000, 1})->Args({100000, 1})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Collide)->Args({10000, 1})->Args({100000, 1})->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
