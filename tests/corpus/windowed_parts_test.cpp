// Tests for documents too large to hold: TextFile + ParseLargeText read a text file as
// ParseDocument reads its bytes, and WindowedParts hands the windows to
// Store::IngestDocumentInParts, which must store what the whole windowed record stores (graph,
// search, entity details), replace and remove it like any document, and leave the database as it
// was when the parts are cancelled or inconsistent.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "accord/corpus/document.hpp"
#include "accord/corpus/ingest.hpp"
#include "accord/corpus/windowed.hpp"
#include "accord/graph/json_io.hpp"
#include "accord/graph/store.hpp"

#include "corpus_test_util.hpp"

namespace accord::corpus {
namespace {
namespace fs = std::filesystem;
using graph::DocumentRec;
using graph::IngestOutcome;
using graph::Store;

using testing::DefaultRules;

class Scratch {
 public:
  Scratch() {
    static std::atomic<int> n{0};
    path_ = fs::temp_directory_path() /
            ("accord-parts-test-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    fs::create_directories(path_);
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

// Governance statements, one self-contained sentence a line, and one naming "the Plan".
const std::string kCycle = std::string(testing::kStatements) + "The Plan calls for capacity building.\n";

std::string RepeatedText(int cycles, std::string_view last = "") {
  std::string text = "---\ntitle: Repeated statements\n---\n# Repeated statements\n\n";
  for (int i = 0; i < cycles; ++i) {
    text += kCycle;
    text += "\n";
  }
  text += last;
  return text;
}

Store Open(const fs::path& path) {
  auto store = Store::Open(path);
  EXPECT_TRUE(store) << store.error().message;
  return std::move(*store);
}

std::string Export(Store& store) {
  auto g = store.LoadGraph();
  EXPECT_TRUE(g) << g.error().message;
  std::ostringstream out;
  if (g) {
    EXPECT_TRUE(graph::WriteGraphJson(*g, out).has_value());
  }
  return out.str();
}

std::string Hits(Store& store, std::string_view query) {
  auto hits = store.Search(query, 50);
  EXPECT_TRUE(hits) << hits.error().message;
  std::ostringstream out;
  if (hits) {
    for (const auto& h : *hits)
      out << h.label << "|" << h.type << "|" << h.start << "-" << h.end << "|" << h.snippet << "\n";
  }
  return out.str();
}

DocumentRec HeadOf(const LoadedDocument& doc) {
  DocumentRec head;
  head.path = doc.path;
  head.title = doc.title;
  head.metadata = doc.metadata;
  head.content_hash = doc.content_hash;
  return head;
}

// `text` stored through WindowedParts (windows of `window` bytes) into `store`.
graph::Result<IngestOutcome> IngestInParts(Store& store, const std::string& path,
                                           const std::string& text, size_t window,
                                           WindowProgressFn on_window = {}) {
  auto doc = ParseDocument(path, text);
  EXPECT_TRUE(doc) << doc.error().message;
  WindowedParts parts(*doc, text, *DefaultRules(), window, std::move(on_window));
  return store.IngestDocumentInParts(HeadOf(*doc), text.size(), parts);
}

graph::Result<IngestOutcome> IngestWhole(Store& store, const std::string& path,
                                         const std::string& text, size_t window) {
  auto doc = ParseDocument(path, text);
  EXPECT_TRUE(doc) << doc.error().message;
  auto rec = ExtractWindowed(std::move(*doc), *DefaultRules(), window);
  EXPECT_TRUE(rec);
  return store.IngestDocument(*rec);
}

TEST(WindowedParts, StoreWhatTheWholeWindowedRecordStores) {
  Scratch dir;
  const std::string text = RepeatedText(60);
  const size_t window = 4 * kCycle.size();  // a few paragraphs per window: 15 parts
  Store whole = Open(dir / "whole.db");
  Store parted = Open(dir / "parts.db");
  ASSERT_EQ(*IngestWhole(whole, "/docs/repeated.md", text, window), IngestOutcome::kAdded);
  int windows = 0;
  auto added = IngestInParts(parted, "/docs/repeated.md", text, window, [&](size_t, size_t) {
    ++windows;
    return true;
  });
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(*added, IngestOutcome::kAdded);
  EXPECT_GT(windows, 10);
  const std::string exported = Export(whole);
  ASSERT_GT(exported.size(), 1000u);
  EXPECT_EQ(Export(parted), exported);
  for (std::string_view q : {"Bletchley", "Plan capacity", "Pakistan policy", "OECD"})
    EXPECT_EQ(Hits(parted, q), Hits(whole, q)) << q;
  auto a = whole.GetStats();
  auto b = parted.GetStats();
  EXPECT_EQ(b->sentences, a->sentences);
  EXPECT_EQ(b->mentions, a->mentions);
  EXPECT_EQ(b->evidence, a->evidence);
  auto id_a = whole.ResolveEntity("Bletchley Declaration");
  auto id_b = parted.ResolveEntity("Bletchley Declaration");
  ASSERT_TRUE(id_a && id_b);
  auto da = whole.GetEntity(*id_a);
  auto db = parted.GetEntity(*id_b);
  ASSERT_TRUE(da && db);
  ASSERT_EQ(db->mentions.size(), da->mentions.size());
  for (size_t i = 0; i < da->mentions.size(); ++i) {
    EXPECT_EQ(db->mentions[i].start, da->mentions[i].start);
    EXPECT_EQ(db->mentions[i].sentence, da->mentions[i].sentence);
  }
  EXPECT_EQ(*parted.DocumentText(parted.ListDocuments()->at(0).id), text);
  // Unchanged: nothing to do.
  EXPECT_EQ(*IngestInParts(parted, "/docs/repeated.md", text, window), IngestOutcome::kUnchanged);
}

TEST(WindowedParts, ReplacedAndRemovedLikeAnyDocument) {
  Scratch dir;
  const size_t window = 4 * kCycle.size();
  Store store = Open(dir / "a.db");
  Store fresh = Open(dir / "b.db");
  ASSERT_TRUE(IngestInParts(store, "/docs/r.md", RepeatedText(40), window));
  const std::string changed = RepeatedText(30, "\nThe Zephyr Council met in Geneva.\n");
  ASSERT_EQ(*IngestInParts(store, "/docs/r.md", changed, window), IngestOutcome::kReplaced);
  ASSERT_TRUE(IngestInParts(fresh, "/docs/r.md", changed, window));
  auto a = store.GetStats();
  auto b = fresh.GetStats();
  EXPECT_EQ(a->sentences, b->sentences);
  EXPECT_EQ(a->entities, b->entities);
  EXPECT_EQ(a->mentions, b->mentions);
  EXPECT_EQ(a->relations, b->relations);
  EXPECT_EQ(a->evidence, b->evidence);
  EXPECT_EQ(Hits(store, "Zephyr"), Hits(fresh, "Zephyr"));
  ASSERT_TRUE(*store.RemoveDocument("/docs/r.md"));
  auto empty = store.GetStats();
  EXPECT_EQ(empty->documents, 0);
  EXPECT_EQ(empty->sentences, 0);
  EXPECT_EQ(empty->entities, 0);
  EXPECT_EQ(empty->relations, 0);
  EXPECT_EQ(Hits(store, "Bletchley"), "");
}

TEST(WindowedParts, ACancelOrABadPartLeavesTheDatabaseAsItWas) {
  Scratch dir;
  const size_t window = 4 * kCycle.size();
  Store store = Open(dir / "a.db");
  ASSERT_TRUE(IngestWhole(store, "/docs/small.md", "# Small\n\nUNESCO adopted the Recommendation.\n",
                          window));
  const std::string before = Export(store);
  int calls = 0;
  auto cancelled = IngestInParts(store, "/docs/big.md", RepeatedText(40), window,
                                 [&](size_t, size_t) { return ++calls < 4; });
  ASSERT_FALSE(cancelled);
  EXPECT_EQ(cancelled.error().code, graph::ErrorCode::kCancelled);
  EXPECT_EQ(calls, 4) << "no window after the one that was told to stop";
  EXPECT_EQ(Export(store), before);
  EXPECT_EQ(store.GetStats()->documents, 1);

  // A part naming an entity the table does not have: refused, nothing stored.
  class Broken final : public graph::DocumentParts {
   public:
    graph::Result<bool> Next(graph::DocumentPart& part) override {
      if (done_) return false;
      done_ = true;
      part.text_offset = 0;
      part.text = "The Zephyr Council met.";
      part.sentences = {{0, 23}};
      part.mentions = {{5, 0, {4, 18}}};
      return true;
    }
    const std::vector<graph::EntityRec>& Entities() const override { return entities_; }
    graph::Result<std::string_view> TextPiece(uint64_t, size_t) override {
      return std::string_view("The Zephyr Council met.");
    }

   private:
    bool done_ = false;
    std::vector<graph::EntityRec> entities_{{"Zephyr Council", "organization", {}}};
  } broken;
  DocumentRec head;
  head.path = "/docs/broken.md";
  head.title = "Broken";
  head.content_hash = "x";
  auto refused = store.IngestDocumentInParts(head, 23, broken);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, graph::ErrorCode::kInvalid);
  EXPECT_NE(refused.error().message.find("/docs/broken.md"), std::string::npos);
  EXPECT_EQ(Export(store), before);
}

TEST(LargeText, ParsesAsParseDocumentDoesAndFindsBadBytesPastTheFirstChunk) {
  Scratch dir;
  // Over two 4 MB chunks, with front matter and a title, CRLF line ends.
  std::string text = "---\r\ntitle: Large\r\nissuer: Somebody\r\n---\r\n# A heading\r\n\r\n";
  for (std::string line; text.size() < (size_t{9} << 20);) {
    line = "The OECD adopted the OECD AI Principles in May 2019 in Paris.\r\n";
    text += line;
  }
  const fs::path good = dir / "good.md";
  std::ofstream(good, std::ios::binary) << text;
  auto file = TextFile::Open(good);
  ASSERT_TRUE(file) << file.error().message;
  EXPECT_EQ(file->size(), text.size());
  auto large = ParseLargeText(good.string(), *file);
  ASSERT_TRUE(large) << large.error().message;
  auto read = ParseDocument(good.string(), text);
  ASSERT_TRUE(read);
  EXPECT_EQ(large->path, read->path);
  EXPECT_EQ(large->title, read->title);
  EXPECT_EQ(large->metadata, read->metadata);
  EXPECT_EQ(large->body_start, read->body_start);
  EXPECT_EQ(large->content_hash, read->content_hash);
  EXPECT_TRUE(large->text.empty()) << "the file is the text";

  // An invalid byte, a NUL, in the third chunk and right after a chunk's end: the same
  // message, line included, as ParseDocument's.
  for (size_t at : {text.size() - 100, (size_t{4} << 20) + 1, size_t{4} << 20}) {
    for (char c : {'\xFF', '\0'}) {
      std::string bad = text;
      bad[at] = c;
      const fs::path broken = dir / "bad.md";
      std::ofstream(broken, std::ios::binary | std::ios::trunc) << bad;
      auto bad_file = TextFile::Open(broken);
      ASSERT_TRUE(bad_file);
      auto refused = ParseLargeText(broken.string(), *bad_file);
      ASSERT_FALSE(refused) << at;
      auto expected = ParseDocument(broken.string(), bad);
      ASSERT_FALSE(expected);
      EXPECT_EQ(refused.error().message, expected.error().message) << at;
      EXPECT_NE(refused.error().message.find("line "), std::string::npos);
    }
  }

  const fs::path blank = dir / "blank.md";
  std::ofstream(blank, std::ios::binary) << std::string(5 << 20, ' ');
  auto blank_file = TextFile::Open(blank);
  ASSERT_TRUE(blank_file);
  EXPECT_FALSE(ParseLargeText(blank.string(), *blank_file));
  EXPECT_FALSE(TextFile::Open(dir / "missing.md"));
}

// A file that changes while it is ingested in parts: refused with a message naming it, and
// nothing of it stored (its text would not be what its windows were extracted from).
TEST(WindowedParts, AFileThatChangesWhileIngestedIsRefused) {
  Scratch dir;
  const size_t window = 4 * kCycle.size();
  const std::string text = RepeatedText(30);
  const fs::path path = dir / "moving.md";
  std::ofstream(path, std::ios::binary) << text;
  auto file = TextFile::Open(path);
  ASSERT_TRUE(file);
  auto head = ParseLargeText(path.string(), *file);
  ASSERT_TRUE(head);
  Store store = Open(dir / "a.db");
  for (bool shorter : {false, true}) {
    std::string buffer;
    int windows = 0;
    WindowedParts parts(
        *head, [&](uint64_t at, size_t n) { return file->Read(at, n, buffer); }, file->size(),
        *DefaultRules(), window, [&](size_t, size_t) {
          if (++windows == 3) {  // rewritten on disk between two windows
            std::string changed = text;
            if (shorter)
              changed.resize(text.size() / 2);
            else
              changed[text.size() - 10] = 'X';
            std::ofstream(path, std::ios::binary | std::ios::trunc) << changed;
          }
          return true;
        });
    DocumentRec rec_head = HeadOf(*head);
    auto outcome = store.IngestDocumentInParts(rec_head, file->size(), parts);
    ASSERT_FALSE(outcome) << shorter;
    EXPECT_EQ(outcome.error().code, graph::ErrorCode::kIo);
    EXPECT_NE(outcome.error().message.find(path.string()), std::string::npos);
    EXPECT_EQ(store.GetStats()->documents, 0);
    EXPECT_EQ(store.GetStats()->entities, 0);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  }
}

// Through IngestPaths: a file over the window size goes in parts, with progress inside it, and
// gives what the whole windowed record gives.
TEST(WindowedParts, IngestPathsStoresALargeFileInParts) {
  Scratch dir;
  const size_t window = 4 * kCycle.size();
  const std::string text = RepeatedText(50);
  const fs::path file = dir / "big.md";
  std::ofstream(file, std::ios::binary) << text;
  Store store = Open(dir / "a.db");
  std::vector<double> done;
  IngestOptions options;
  options.window_bytes = window;
  auto report = IngestPaths(store, {file}, *DefaultRules(),
                            [&](double d, double, std::string_view) {
                              done.push_back(d);
                              return true;
                            },
                            options);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->added, 1);
  EXPECT_GT(done.size(), 10u) << "progress moves inside the file";
  Store whole = Open(dir / "b.db");
  ASSERT_TRUE(IngestWhole(whole, file.string(), text, window));
  EXPECT_EQ(Export(store), Export(whole));
}

}  // namespace
}  // namespace accord::corpus
