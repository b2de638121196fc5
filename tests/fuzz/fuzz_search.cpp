// libFuzzer target: search text as a user types it (the CLI's `accord search`, the explorer's
// search box) against a small store holding a few documents. Store::Search promises that any
// text is safe (tokenised and quoted before FTS5): it must never fail, never give a hit outside
// its document, and never change the database. FindEntities and ResolveEntity take the same
// text; ResolveEntity may only say kNotFound. The first byte sets the result limit.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <filesystem>
#include <map>
#include <string>

#include "accord/corpus/document.hpp"
#include "accord/corpus/extractor.hpp"
#include "accord/corpus/rules.hpp"
#include "accord/graph/store.hpp"

namespace {

using namespace accord;

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "fuzz_search: %s\n", what.c_str());
  std::abort();
}

const char* const kDocs[][2] = {
    {"/fuzz/bletchley.md",
     "---\ntitle: The Bletchley Declaration\n---\n# The Bletchley Declaration\n"
     "The United Kingdom hosted the AI Safety Summit at Bletchley Park in November 2023.\n"
     "China, the European Union and the United States endorsed the Bletchley Declaration.\n"},
    {"/fuzz/oecd.txt",
     "OECD AI Principles\nThe OECD adopted the OECD AI Principles in May 2019.\n"
     "The G20 endorsed the principles in Osaka. NIST (National Institute of Standards and "
     "Technology) published the AI Risk Management Framework.\n"},
    {"/fuzz/plan.md",
     "# Global AI Governance Action Plan\nChina proposed the Global AI Governance Action Plan "
     "at WAIC 2025 in Shanghai. The Plan includes thirteen measures: \"open-source\" models, "
     "safety testing (red-teaming), and AND/OR NEAR* cooperation on data ^ standards.\n"},
};

struct Fixture {
  std::optional<graph::Store> store;
  int64_t entities = 0, documents = 0;
  std::map<int64_t, size_t> text_size;  // document id -> bytes of its text
  Fixture() {
    auto rules = corpus::LoadDefaultRules();
    if (!rules) Die("rules: " + rules.error().message);
    auto s = graph::Store::Open(":memory:");
    if (!s) Die("store: " + s.error().message);
    store.emplace(std::move(*s));
    for (const auto& d : kDocs) {
      auto doc = corpus::ParseDocument(d[0], d[1]);
      if (!doc) Die(doc.error().message);
      if (!store->IngestDocument(corpus::Extract(*doc, **rules))) Die("ingest failed");
    }
    auto stats = store->GetStats();
    if (!stats) Die("stats");
    entities = stats->entities;
    documents = stats->documents;
    auto list = store->ListDocuments();
    if (!list) Die("list");
    for (const auto& d : *list) text_size[d.id] = store->DocumentText(d.id).value_or("").size();
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture fx;
  if (size == 0) return 0;
  const int limit = 1 + data[0] % 50;
  std::string_view query(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto hits = fx.store->Search(query, limit);
  if (!hits) Die("Search failed: " + hits.error().message);
  if (hits->size() > static_cast<size_t>(limit)) Die("more hits than the limit");
  for (const graph::SearchHit& h : *hits) {
    if (h.kind == graph::SearchHit::Kind::kSentence) {
      auto it = fx.text_size.find(h.document);
      if (it == fx.text_size.end()) Die("hit in an unknown document");
      if (h.start > h.end || h.end > it->second) Die("sentence hit outside its document");
    } else if (h.entity < 1) {
      Die("entity hit without an entity");
    }
  }
  auto found = fx.store->FindEntities(query);
  if (!found) Die("FindEntities failed: " + found.error().message);
  auto resolved = fx.store->ResolveEntity(query);
  if (!resolved && resolved.error().code != graph::ErrorCode::kNotFound)
    Die("ResolveEntity failed: " + resolved.error().message);
  auto stats = fx.store->GetStats();
  if (!stats || stats->entities != fx.entities || stats->documents != fx.documents)
    Die("the search changed the database");
  return 0;
}
