// Small helpers shared by the layout start's parts (layout_stress.cpp, layout_gap.cpp): a
// seeded hash and a split of an index range over threads. Internal to accord_graph.
#pragma once

#include <cstdint>
#include <thread>
#include <vector>

namespace accord::graph::detail {

// SplitMix64's finaliser: the start's randomness is a hash of the seed and a counter.
inline uint64_t Mix(uint64_t z) {
  z += 0x9e3779b97f4a7c15ull;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

// Uniform in (0, 1) from a hash.
inline double Unit(uint64_t h) {
  return (static_cast<double>(h >> 11) + 0.5) * 0x1p-53;
}

// Runs fn(begin, end) over [0, n) split into `threads` contiguous ranges, on the calling thread
// alone when n < min_parallel.
template <class Fn>
void ParallelFor(uint32_t n, int threads, Fn&& fn, uint32_t min_parallel = 4096) {
  if (threads <= 1 || n < min_parallel) {
    fn(0u, n);
    return;
  }
  std::vector<std::jthread> workers;
  for (int w = 1; w < threads; ++w) {
    const uint32_t b = static_cast<uint32_t>(uint64_t{n} * w / threads);
    const uint32_t e = static_cast<uint32_t>(uint64_t{n} * (w + 1) / threads);
    workers.emplace_back([&fn, b, e] { fn(b, e); });
  }
  fn(0u, static_cast<uint32_t>(uint64_t{n} / threads));
}

}  // namespace accord::graph::detail
