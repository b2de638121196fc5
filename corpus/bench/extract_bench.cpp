// Extraction speed and memory: loads every document of a folder once (LoadDocument), then
// runs Extract over all of them `--rounds` times and reports MB/s of this thread's CPU time
// (the machine may be shared: wall time would measure the neighbours) and the peak bytes the
// extractor holds per input byte (counted by this program's operator new/delete). Not a test:
// it asserts nothing; `accord bench ingest --size-mb 10 --keep DIR` makes a corpus for it.
//   accord_extract_bench DIR [--rounds N] [--rules FILE]
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <new>
#include <string>
#include <vector>

#include "accord/corpus/document.hpp"
#include "accord/corpus/extractor.hpp"
#include "accord/corpus/rules.hpp"

namespace {

// Live and peak heap bytes of this program (single-threaded use: relaxed counters suffice).
std::atomic<size_t> g_live{0};
std::atomic<size_t> g_peak{0};

void* Allocate(size_t n) {
  void* p = std::malloc(n + 16);
  if (!p) throw std::bad_alloc();
  *static_cast<size_t*>(p) = n;
  size_t live = g_live.fetch_add(n, std::memory_order_relaxed) + n;
  if (live > g_peak.load(std::memory_order_relaxed)) g_peak.store(live, std::memory_order_relaxed);
  return static_cast<char*>(p) + 16;
}

void Release(void* p) {
  if (!p) return;
  char* base = static_cast<char*>(p) - 16;
  g_live.fetch_sub(*reinterpret_cast<size_t*>(base), std::memory_order_relaxed);
  std::free(base);
}

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace

void* operator new(size_t n) { return Allocate(n); }
void* operator new[](size_t n) { return Allocate(n); }
void operator delete(void* p) noexcept { Release(p); }
void operator delete[](void* p) noexcept { Release(p); }
void operator delete(void* p, size_t) noexcept { Release(p); }
void operator delete[](void* p, size_t) noexcept { Release(p); }

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  using namespace accord::corpus;
  if (argc < 2) {
    std::fprintf(stderr, "usage: accord_extract_bench DIR [--rounds N] [--rules FILE]\n");
    return 2;
  }
  fs::path dir = argv[1];
  int rounds = 3;
  std::string rules_file;
  for (int a = 2; a < argc; ++a) {
    if (std::strcmp(argv[a], "--rounds") == 0 && a + 1 < argc) {
      rounds = std::max(1, std::atoi(argv[++a]));
    } else if (std::strcmp(argv[a], "--rules") == 0 && a + 1 < argc) {
      rules_file = argv[++a];
    } else {
      std::fprintf(stderr, "accord_extract_bench: unknown argument %s\n", argv[a]);
      return 2;
    }
  }
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    std::fprintf(stderr, "accord_extract_bench: %s is not a folder\n", dir.string().c_str());
    return 2;
  }
  auto rules = rules_file.empty() ? LoadDefaultRules() : LoadRules(rules_file);
  if (!rules) {
    std::fprintf(stderr, "accord_extract_bench: %s\n", rules.error().message.c_str());
    return 1;
  }
  std::vector<fs::path> paths;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec))
    if (e.is_regular_file() && IsSupportedExtension(e.path())) paths.push_back(e.path());
  std::sort(paths.begin(), paths.end());
  std::vector<LoadedDocument> docs;
  size_t bytes = 0, largest = 0;
  for (const auto& p : paths) {
    auto d = LoadDocument(p);
    if (!d) {
      std::fprintf(stderr, "accord_extract_bench: %s\n", d.error().message.c_str());
      return 1;
    }
    bytes += d->text.size();
    largest = std::max(largest, d->text.size());
    docs.push_back(std::move(*d));
  }
  if (docs.empty()) {
    std::fprintf(stderr, "accord_extract_bench: no documents in %s\n", dir.string().c_str());
    return 1;
  }
  // Memory: the peak growth over the live bytes before each Extract, per input byte, for the
  // largest document and over all of them (the record's own copy of the text included).
  double worst_ratio = 0, largest_ratio = 0;
  size_t entities = 0, mentions = 0, relations = 0;
  for (const auto& d : docs) {
    size_t before = g_live.load();
    g_peak.store(before);
    {
      auto rec = Extract(d, **rules);
      entities += rec.entities.size();
      mentions += rec.mentions.size();
      relations += rec.relations.size();
    }
    double ratio = d.text.empty() ? 0 : static_cast<double>(g_peak.load() - before) / d.text.size();
    if (d.text.size() >= 4096) worst_ratio = std::max(worst_ratio, ratio);
    if (d.text.size() == largest) largest_ratio = ratio;
  }
  double best = 1e30, total = 0;
  for (int r = 0; r < rounds; ++r) {
    double t0 = ThreadCpuSeconds();
    for (const auto& d : docs) {
      auto rec = Extract(d, **rules);
      if (rec.sentences.empty() && !d.text.empty() && d.text.size() > d.body_start) std::fputc(0, stderr);
    }
    double t = ThreadCpuSeconds() - t0;
    best = std::min(best, t);
    total += t;
  }
  double mb = static_cast<double>(bytes) / 1e6;
  std::printf("documents %zu, %.2f MB (largest %zu bytes); %zu entities, %zu mentions, %zu relations\n",
              docs.size(), mb, largest, entities, mentions, relations);
  std::printf("extract: best %.3f s = %.1f MB/s = %.1f ms/MB of thread CPU (mean of %d rounds %.1f MB/s)\n",
              best, mb / best, best * 1e3 / mb, rounds, mb * rounds / total);
  std::printf("memory: peak growth %.1f bytes per input byte on the largest document, at most %.1f on any "
              "document of 4 KB or more\n",
              largest_ratio, worst_ratio);
  return 0;
}
