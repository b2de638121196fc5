// libFuzzer target: a document's raw bytes through the whole ingest path of one file.
// ParseDocument (UTF-8 validation, binary sniffing, front matter, title) -> Extract (tokens,
// sentences, entities, relations) -> Store::IngestDocument into an in-memory database.
// Checks, beyond "no crash, no sanitizer report": every span the extractor gives lies inside
// the text, on UTF-8 character boundaries, and every index points at an existing record; the
// store accepts what the extractor produced. The first byte picks .md (front matter) or .txt.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "accord/corpus/document.hpp"
#include "accord/corpus/extractor.hpp"
#include "accord/corpus/rules.hpp"
#include "accord/graph/store.hpp"

namespace {

using namespace accord;

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "fuzz_document: %s\n", what.c_str());
  std::abort();
}

bool Boundary(const std::string& text, uint32_t at) {
  return at == text.size() || (static_cast<unsigned char>(text[at]) & 0xC0) != 0x80;
}

void CheckSpan(const std::string& text, graph::Span s, const char* what) {
  if (s.start > s.end || s.end > text.size()) Die(std::string(what) + " span outside the text");
  if (!Boundary(text, s.start) || !Boundary(text, s.end))
    Die(std::string(what) + " span cuts a UTF-8 character");
}

void CheckRecord(const graph::DocumentRec& d) {
  for (const graph::Span& s : d.sentences) CheckSpan(d.text, s, "sentence");
  for (const graph::MentionRec& m : d.mentions) {
    if (m.entity >= d.entities.size()) Die("mention of a missing entity");
    if (m.sentence >= d.sentences.size()) Die("mention in a missing sentence");
    CheckSpan(d.text, m.span, "mention");
  }
  for (const graph::RelationRec& r : d.relations) {
    if (r.source >= d.entities.size() || r.target >= d.entities.size())
      Die("relation to a missing entity");
    for (const graph::EvidenceRec& e : r.evidence) {
      if (e.sentence >= d.sentences.size()) Die("evidence in a missing sentence");
      CheckSpan(d.text, e.span, "evidence");
    }
  }
  for (const graph::EntityRec& e : d.entities) {
    if (e.name.empty()) Die("entity without a name");
    if (e.type.empty()) Die("entity without a type");
  }
}

struct Fixture {
  std::shared_ptr<const corpus::Rules> rules;
  std::optional<graph::Store> store;
  Fixture() {
    auto r = corpus::LoadDefaultRules();
    if (!r) Die("default rules: " + r.error().message);
    rules = *r;
    auto s = graph::Store::Open(":memory:");
    if (!s) Die("store: " + s.error().message);
    store.emplace(std::move(*s));
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture fx;
  if (size == 0) return 0;
  const bool markdown = (data[0] & 1) == 0;
  std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto doc = corpus::ParseDocument(markdown ? "/fuzz/input.md" : "/fuzz/input.txt",
                                   std::move(bytes));
  if (!doc) {
    if (doc.error().message.empty() || doc.error().message.find('\n') != std::string::npos)
      Die("a refusal must be one non-empty line: [" + doc.error().message + "]");
    return 0;
  }
  if (doc->body_start > doc->text.size()) Die("body_start past the end");
  graph::DocumentRec rec = corpus::Extract(*doc, *fx.rules);
  CheckRecord(rec);
  // Always the same path: each input replaces the previous one, so the store stays small.
  auto ingested = fx.store->IngestDocument(rec);
  if (!ingested) Die("the store refused the extractor's output: " + ingested.error().message);
  return 0;
}
