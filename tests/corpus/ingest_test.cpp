// Tests for ingest: folder recursion, skipping (unsupported, unreadable, missing, symlink
// loops, invalid files) with reasons, deduplication, unchanged re-ingest as a no-op, changed
// files replaced, cancellation through the progress hook leaving the database consistent, and
// a large (windowed) document's progress inside the file and cancellation between its windows.
#include "accord/corpus/ingest.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "accord/corpus/document.hpp"
#include "accord/corpus/extractor.hpp"
#include "../graph/graph_test_util.hpp"

namespace accord::corpus {
namespace {
namespace fs = std::filesystem;

class IngestFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "accord-ingest-test-XXXXXX").string();
    ASSERT_NE(::mkdtemp(templ.data()), nullptr);
    dir_ = templ;
    auto rules = LoadDefaultRules();
    ASSERT_TRUE(rules) << rules.error().message;
    rules_ = *rules;
  }
  void TearDown() override {
    std::error_code ec;
    for (auto& p : fs::recursive_directory_iterator(dir_, ec)) {
      fs::permissions(p.path(), fs::perms::owner_all, fs::perm_options::add, ec);
    }
    fs::remove_all(dir_, ec);
  }
  fs::path Write(const std::string& rel, const std::string& text) {
    fs::path p = dir_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << text;
    return p;
  }
  graph::Store OpenStore(const std::string& name = "test.db") {
    auto s = graph::Store::Open(dir_ / "db" / name);
    if (!s) {
      fs::create_directories(dir_ / "db");
      s = graph::Store::Open(dir_ / "db" / name);
    }
    EXPECT_TRUE(s) << s.error().message;
    return std::move(*s);
  }
  static std::string Abs(const fs::path& p) { return fs::absolute(p).lexically_normal().string(); }
  static bool Mentions(const std::vector<SkippedFile>& skipped, const std::string& what) {
    return std::any_of(skipped.begin(), skipped.end(), [&](const SkippedFile& s) {
      return s.reason.find(what) != std::string::npos;
    });
  }

  fs::path dir_;
  std::shared_ptr<const Rules> rules_;
};

TEST_F(IngestFiles, CollectsFoldersRecursivelySortedAndIgnoresOtherFiles) {
  Write("docs/b.md", "# B\nThe OECD adopted principles.\n");
  Write("docs/a.txt", "A text.\n");
  Write("docs/sub/deeper/c.Markdown", "# C\nText.\n");
  Write("docs/sub/picture.png", "\x89PNG");
  Write("docs/notes.pdf", "%PDF-1.4");
  Write("docs/page.HTM", "<p>x</p>");
  Write("docs/sub/letter.docx", "PK");
  Write("docs/old.doc", "x");
  Write("docs/.hidden/secret.md", "# hidden\n");
  std::vector<SkippedFile> skipped;
  auto files = CollectDocuments({dir_ / "docs"}, &skipped);
  ASSERT_EQ(files.size(), 6u);
  EXPECT_EQ(files[0].string(), Abs(dir_ / "docs/a.txt"));
  EXPECT_EQ(files[1].string(), Abs(dir_ / "docs/b.md"));
  EXPECT_EQ(files[2].string(), Abs(dir_ / "docs/notes.pdf"));
  EXPECT_EQ(files[3].string(), Abs(dir_ / "docs/page.HTM"));
  EXPECT_EQ(files[4].string(), Abs(dir_ / "docs/sub/deeper/c.Markdown"));
  EXPECT_EQ(files[5].string(), Abs(dir_ / "docs/sub/letter.docx"));
  EXPECT_TRUE(skipped.empty()) << skipped.front().reason;
}

TEST_F(IngestFiles, ExplicitUnsupportedAndMissingFilesAreSkippedWithReasons) {
  auto doc = Write("report.doc", "x");
  auto pptx = Write("slides.pptx", "PK");
  std::vector<SkippedFile> skipped;
  auto files = CollectDocuments({doc, pptx, dir_ / "missing.md"}, &skipped);
  EXPECT_TRUE(files.empty());
  ASSERT_EQ(skipped.size(), 3u);
  EXPECT_TRUE(Mentions(skipped, "report.doc is an old Word (.doc) file; save it as .docx"));
  EXPECT_TRUE(Mentions(skipped, "slides.pptx has an unsupported file type (.pptx)"));
  EXPECT_TRUE(Mentions(skipped, "missing.md does not exist"));
}

TEST_F(IngestFiles, DeduplicatesRepeatedAndLinkedPaths) {
  auto a = Write("docs/a.md", "# A\nText.\n");
  fs::create_symlink(a, dir_ / "docs/z-link.md");
  std::vector<SkippedFile> skipped;
  auto files = CollectDocuments({a, dir_ / "docs", dir_ / "docs/../docs/a.md"}, &skipped);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].string(), Abs(a));
}

TEST_F(IngestFiles, SymlinkLoopIsSkippedWithAReason) {
  Write("docs/a.md", "# A\nText.\n");
  Write("docs/sub/b.md", "# B\nText.\n");
  fs::create_directory_symlink(dir_ / "docs", dir_ / "docs/sub/loop");
  std::vector<SkippedFile> skipped;
  auto files = CollectDocuments({dir_ / "docs"}, &skipped);
  EXPECT_EQ(files.size(), 2u);
  EXPECT_TRUE(Mentions(skipped, "symbolic link loop"))
      << (skipped.empty() ? "" : skipped[0].reason);
}

TEST_F(IngestFiles, BrokenLinkToADocumentIsSkipped) {
  Write("docs/a.md", "# A\nText.\n");
  fs::create_symlink(dir_ / "nowhere.md", dir_ / "docs/broken.md");
  std::vector<SkippedFile> skipped;
  auto files = CollectDocuments({dir_ / "docs"}, &skipped);
  EXPECT_EQ(files.size(), 1u);
  EXPECT_TRUE(Mentions(skipped, "broken symbolic link"));
}

TEST_F(IngestFiles, UnreadableFilesAndFoldersAreSkipped) {
  Write("docs/ok.md", "# OK\nText.\n");
  auto secret = Write("docs/secret.md", "# Secret\n");
  Write("docs/locked/inner.md", "# Inner\n");
  fs::permissions(secret, fs::perms::none);
  fs::permissions(dir_ / "docs/locked", fs::perms::none);
  auto check = [&] {
    std::vector<SkippedFile> skipped;
    auto files = CollectDocuments({dir_ / "docs"}, &skipped);
    return files.size() == 1 && Mentions(skipped, "secret.md cannot be read") &&
           Mentions(skipped, "locked cannot be read");
  };
  if (::geteuid() != 0) {
    EXPECT_TRUE(check());
    return;
  }
  // Root reads everything: run the check in a child that drops to an unprivileged user.
  fs::permissions(dir_, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                            fs::perms::others_read | fs::perms::others_exec);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(77);
    ::_exit(check() ? 0 : 1);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  if (WEXITSTATUS(status) == 77) GTEST_SKIP() << "cannot drop root privileges here";
  EXPECT_EQ(WEXITSTATUS(status), 0) << "unreadable entries were not skipped with reasons";
}

TEST_F(IngestFiles, StoreErrorsAbortTheIngest) {
  Write("docs/a.md", "# A\nThe OECD adopted the AI Principles.\n");
  { graph::Store create = OpenStore("ro.db"); }
  auto ro = graph::Store::Open(dir_ / "db" / "ro.db", graph::OpenMode::kReadOnly);
  ASSERT_TRUE(ro) << ro.error().message;
  auto r = IngestPaths(*ro, {dir_ / "docs"}, *rules_);
  ASSERT_FALSE(r) << "a read-only store must fail the ingest, not skip files";
  EXPECT_NE(r.error().code, ErrorCode::kCancelled);
  EXPECT_FALSE(r.error().message.empty());
}

TEST_F(IngestFiles, IngestCountsAddedThenUnchangedThenReplaced) {
  Write("docs/a.md", "---\ntitle: Alpha\n---\nThe OECD adopted the AI Principles in 2019.\n");
  auto b = Write("docs/b.txt", "Bletchley Declaration\nThe United Kingdom hosted the summit.\n");
  graph::Store store = OpenStore();

  auto first = IngestPaths(store, {dir_ / "docs"}, *rules_);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->added, 2);
  EXPECT_EQ(first->replaced, 0);
  EXPECT_EQ(first->unchanged, 0);
  EXPECT_GT(first->bytes, 0);
  EXPECT_TRUE(first->skipped.empty());

  auto docs = store.ListDocuments();
  ASSERT_TRUE(docs);
  ASSERT_EQ(docs->size(), 2u);
  auto hash = store.DocumentHash(Abs(b));
  ASSERT_TRUE(hash && *hash);
  EXPECT_EQ(**hash, ContentHash("Bletchley Declaration\nThe United Kingdom hosted the summit.\n"));

  auto second = IngestPaths(store, {dir_ / "docs"}, *rules_);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->added, 0);
  EXPECT_EQ(second->unchanged, 2);

  Write("docs/b.txt", "Bletchley Declaration\nThe United Kingdom hosted the AI Safety Summit.\n");
  auto third = IngestPaths(store, {dir_ / "docs"}, *rules_);
  ASSERT_TRUE(third) << third.error().message;
  EXPECT_EQ(third->replaced, 1);
  EXPECT_EQ(third->unchanged, 1);
  docs = store.ListDocuments();
  ASSERT_TRUE(docs);
  EXPECT_EQ(docs->size(), 2u);
}

TEST_F(IngestFiles, InvalidFilesAreSkippedAndTheRestGoIn) {
  Write("docs/good.md", "# Good\nThe G7 launched the Hiroshima AI Process.\n");
  Write("docs/latin1.txt", "caf\xE9\n");
  Write("docs/empty.md", "");
  Write("docs/bad-front.md", "---\ntitle: x\nno colon here\n---\nBody\n");
  graph::Store store = OpenStore();
  auto r = IngestPaths(store, {dir_ / "docs"}, *rules_);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->added, 1);
  ASSERT_EQ(r->skipped.size(), 3u);
  EXPECT_TRUE(Mentions(r->skipped, "latin1.txt is not valid UTF-8 (line 1)"));
  EXPECT_TRUE(Mentions(r->skipped, "empty.md is empty"));
  EXPECT_TRUE(Mentions(r->skipped, "bad-front.md"));
}

TEST_F(IngestFiles, ProgressCountsBytesAndCancelKeepsCommittedDocuments) {
  for (int i = 0; i < 6; ++i) {
    Write("docs/d" + std::to_string(i) + ".md",
          "# Doc " + std::to_string(i) + "\nThe OECD adopted the AI Principles in 2019.\n");
  }
  graph::Store store = OpenStore();
  double last_total = 0;
  int calls = 0;
  auto cancel_after_two = [&](double done, double total, std::string_view) {
    last_total = total;
    EXPECT_LE(done, total);
    return ++calls <= 2;  // the third report (before document 3) asks to stop
  };
  auto r = IngestPaths(store, {dir_ / "docs"}, *rules_, cancel_after_two);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kCancelled);
  EXPECT_GT(last_total, 0);
  auto docs = store.ListDocuments();
  ASSERT_TRUE(docs) << docs.error().message;
  EXPECT_EQ(docs->size(), 2u);

  // The database is consistent: the rest goes in, the first two are unchanged.
  double final_done = -1, final_total = -2;
  auto r2 = IngestPaths(store, {dir_ / "docs"}, *rules_, [&](double d, double t, std::string_view) {
    final_done = d;
    final_total = t;
    return true;
  });
  ASSERT_TRUE(r2) << r2.error().message;
  EXPECT_EQ(r2->added, 4);
  EXPECT_EQ(r2->unchanged, 2);
  EXPECT_EQ(final_done, final_total);
  auto stats = store.GetStats();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->documents, 6);
}

// Group commit is only a change of transactions: the graph is exactly the one that storing
// each document in its own transaction gives (ids, merges, aliases, evidence, search rows).
TEST_F(IngestFiles, GroupCommitStoresExactlyWhatOneTransactionPerDocumentStores) {
  const std::vector<fs::path> inputs = {BundledCorpusDir()};
  graph::Store grouped = OpenStore("grouped.db");
  auto r = IngestPaths(grouped, inputs, *rules_);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_GE(r->added, 12);

  graph::Store single = OpenStore("single.db");
  for (const fs::path& file : CollectDocuments(inputs, nullptr)) {
    auto bytes = ReadFileBytes(file);
    ASSERT_TRUE(bytes) << bytes.error().message;
    auto doc = ParseDocument(file.string(), std::move(*bytes));
    ASSERT_TRUE(doc) << doc.error().message;
    auto stored = single.IngestDocument(Extract(*doc, *rules_));
    ASSERT_TRUE(stored) << stored.error().message;
  }
  EXPECT_EQ(graph::testing::ExportJson(grouped), graph::testing::ExportJson(single));
  for (const char* query : {"governance", "Bletchley", "\"human rights\""}) {
    auto a = grouped.Search(query, 50);
    auto b = single.Search(query, 50);
    ASSERT_TRUE(a && b);
    ASSERT_EQ(a->size(), b->size()) << query;
    for (size_t i = 0; i < a->size(); ++i) {
      EXPECT_EQ((*a)[i].label, (*b)[i].label) << query;
      EXPECT_EQ((*a)[i].snippet, (*b)[i].snippet) << query;
    }
  }
}

// A document of `cycles` paragraphs of governance statements (about 380 bytes each).
std::string BigDocument(int cycles) {
  std::string text = "---\ntitle: Big statements\n---\n# Big statements\n\n";
  for (int i = 0; i < cycles; ++i) {
    text += "The OECD adopted the OECD AI Principles in May 2019 in Paris.\n"
            "The United Kingdom hosted the AI Safety Summit at Bletchley Park.\n"
            "China released the Global AI Governance Action Plan in Shanghai in July 2025.\n"
            "Pakistan approved the National AI Policy 2025 in Islamabad.\n\n";
  }
  return text;
}

// A windowed document moves the progress inside the file, in bytes, and is stored as one
// document whose graph is the one its whole-document extraction gives here (no reference
// crosses a window).
TEST_F(IngestFiles, ALargeDocumentReportsProgressAsEachWindowFinishes) {
  const std::string text = BigDocument(200);
  const fs::path big = Write("docs/big.md", text);
  graph::Store store = OpenStore();
  std::vector<double> inside;  // reports strictly inside the file, in order
  double total_seen = 0;
  IngestOptions options;
  options.window_bytes = 4096;
  auto r = IngestPaths(store, {big}, *rules_,
                       [&](double done, double total, std::string_view label) {
                         total_seen = total;
                         if (done > 0 && done < total) {
                           EXPECT_EQ(label, "big.md");
                           inside.push_back(done);
                         }
                         return true;
                       },
                       options);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->added, 1);
  EXPECT_EQ(total_seen, static_cast<double>(text.size()));
  EXPECT_GE(inside.size(), text.size() / 4096 - 1);
  for (size_t i = 1; i < inside.size(); ++i) EXPECT_LT(inside[i - 1], inside[i]);

  graph::Store whole = OpenStore("whole.db");
  auto doc = ParseDocument(Abs(big), text);
  ASSERT_TRUE(doc) << doc.error().message;
  ASSERT_TRUE(whole.IngestDocument(Extract(*doc, *rules_)));
  EXPECT_EQ(graph::testing::ExportJson(store), graph::testing::ExportJson(whole));
}

// A cancel while a large document is being extracted stops at the next window; the database
// is exactly as before (the documents committed earlier stay, nothing of the large one).
TEST_F(IngestFiles, CancelBetweenWindowsLeavesTheDatabaseAsBefore) {
  Write("docs/a.md", "# Alpha\nThe OECD adopted the AI Principles in 2019.\n");
  graph::Store store = OpenStore();
  ASSERT_TRUE(IngestPaths(store, {dir_ / "docs"}, *rules_));
  const std::string before = graph::testing::ExportJson(store);
  const fs::path big = Write("big/big.md", BigDocument(200));

  int inside = 0;
  IngestOptions options;
  options.window_bytes = 4096;
  auto r = IngestPaths(store, {dir_ / "docs", big}, *rules_,
                       [&](double done, double total, std::string_view label) {
                         if (label == "big.md" && done > 0 && done < total) return ++inside < 3;
                         return true;
                       },
                       options);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kCancelled);
  EXPECT_EQ(inside, 3);
  EXPECT_EQ(graph::testing::ExportJson(store), before);
  auto docs = store.ListDocuments();
  ASSERT_TRUE(docs);
  EXPECT_EQ(docs->size(), 1u);

  // A rerun takes the large document in whole.
  auto again = IngestPaths(store, {dir_ / "docs", big}, *rules_, {}, options);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->added, 1);
  EXPECT_EQ(again->unchanged, 1);
}

TEST_F(IngestFiles, IngestOfNothingIsAnEmptyReport) {
  graph::Store store = OpenStore();
  fs::create_directories(dir_ / "empty");
  auto r = IngestPaths(store, {dir_ / "empty"}, *rules_);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->added + r->replaced + r->unchanged, 0);
  EXPECT_TRUE(r->skipped.empty());
}

TEST(Ingest, BundledCorpusDirIsInTheSourceTree) {
  fs::path dir = BundledCorpusDir();
  EXPECT_EQ(dir.filename(), "documents");
  EXPECT_EQ(dir.parent_path().filename(), "corpus");
  EXPECT_TRUE(fs::is_directory(dir));
}

}  // namespace
}  // namespace accord::corpus
