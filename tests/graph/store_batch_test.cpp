// Store ingest path: batches (IngestDocuments) against one-by-one ingest, all-or-nothing
// batches, sentence hits resolved from packed offsets, the write-side memos staying exact across
// removals and across a second connection, and importing into a database that already holds
// the same documents.
#include <gtest/gtest.h>

#include <sstream>

#include "accord/graph/json_io.hpp"
#include "accord/graph/store.hpp"
#include "graph_test_util.hpp"

namespace accord::graph {
namespace {

using testing::DocBuilder;
using testing::OpenOrDie;
using testing::TempDir;

DocumentRec First() { return testing::ProposalDoc("/docs/first.md", false); }

DocumentRec Second(const std::string& verb = "published") { return testing::GuidanceDoc("/docs/second.md", verb); }

DocumentRec Third() { return testing::UpdateDoc("/docs/third.md"); }

using testing::ExportJson;

// Every count, as one comparable string.
std::string Counts(Store& store) {
  auto s = store.GetStats();
  EXPECT_TRUE(s.has_value());
  std::ostringstream out;
  out << s->documents << ' ' << s->sentences << ' ' << s->entities << ' ' << s->aliases << ' '
      << s->mentions << ' ' << s->relations << ' ' << s->cooccurrences << ' ' << s->evidence;
  return out.str();
}

TEST(StoreBatch, BatchGivesTheSameGraphAsOneByOne) {
  TempDir dir;
  Store batch = OpenOrDie(dir / "batch.db");
  Store single = OpenOrDie(dir / "single.db");
  const std::vector<DocumentRec> docs{First(), Second(), Third()};
  auto outcomes = batch.IngestDocuments(docs);
  ASSERT_TRUE(outcomes.has_value()) << outcomes.error().message;
  EXPECT_EQ(*outcomes, std::vector<IngestOutcome>(3, IngestOutcome::kAdded));
  for (const DocumentRec& d : docs) ASSERT_TRUE(single.IngestDocument(d).has_value());
  EXPECT_EQ(ExportJson(batch), ExportJson(single));
  EXPECT_EQ(Counts(batch), Counts(single));

  // Unchanged and changed documents in one batch, and the same path twice.
  const std::vector<DocumentRec> again{First(), Second("withdrew"), Second("endorsed")};
  outcomes = batch.IngestDocuments(again);
  ASSERT_TRUE(outcomes.has_value()) << outcomes.error().message;
  EXPECT_EQ(*outcomes, (std::vector<IngestOutcome>{IngestOutcome::kUnchanged,
                                                   IngestOutcome::kReplaced,
                                                   IngestOutcome::kReplaced}));
  for (const DocumentRec& d : again) ASSERT_TRUE(single.IngestDocument(d).has_value());
  EXPECT_EQ(ExportJson(batch), ExportJson(single));
  auto types = batch.GetStats()->relation_types;
  bool endorsed = false, withdrew = false;
  for (const auto& t : types) {
    endorsed |= t.type == "endorsed";
    withdrew |= t.type == "withdrew";
  }
  EXPECT_TRUE(endorsed);
  EXPECT_FALSE(withdrew) << "the second version of second.md replaced the first";
  EXPECT_TRUE(batch.IngestDocuments({})->empty());
}

TEST(StoreBatch, BatchIsAllOrNothing) {
  TempDir dir;
  Store store = OpenOrDie(dir / "a.db");
  DocumentRec broken = Second();
  broken.mentions.push_back({99, 0, {0, 1}});
  auto r = store.IngestDocuments(std::vector<DocumentRec>{First(), broken});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalid);
  EXPECT_NE(r.error().message.find("/docs/second.md"), std::string::npos);
  EXPECT_EQ(store.GetStats()->documents, 0);
  EXPECT_EQ(store.GetStats()->entities, 0);
  // The store still works after the refused batch.
  ASSERT_TRUE(store.IngestDocuments(std::vector<DocumentRec>{First()}).has_value());
  EXPECT_EQ(store.GetStats()->entities, 4);
}

TEST(StoreBatch, SentenceHitsCarryTheirSpanAndAHighlightedSnippet) {
  TempDir dir;
  Store store = OpenOrDie(dir / "a.db");
  const DocumentRec doc = First();
  ASSERT_TRUE(store.IngestDocument(doc).has_value());
  auto hits = store.Search("REGULATES");
  ASSERT_TRUE(hits.has_value());
  ASSERT_EQ(hits->size(), 1u);
  const SearchHit& h = (*hits)[0];
  EXPECT_EQ(h.kind, SearchHit::Kind::kSentence);
  EXPECT_EQ(h.label, doc.title);
  EXPECT_EQ(doc.text.substr(h.start, h.end - h.start), "The AI Act regulates foundation models.");
  EXPECT_EQ(h.snippet, "The AI Act [regulates] foundation models.");
  // Prefix on the last word, every word highlighted.
  hits = store.Search("openai buil");
  ASSERT_TRUE(hits.has_value());
  ASSERT_FALSE(hits->empty());
  EXPECT_EQ(hits->back().snippet, "[OpenAI] [builds] foundation models.");
}

TEST(StoreBatch, RemovingAndReaddingGivesTheSameCounts) {
  TempDir dir;
  Store store = OpenOrDie(dir / "a.db");
  for (const DocumentRec& d : {First(), Second(), Third()})
    ASSERT_TRUE(store.IngestDocument(d).has_value());
  const std::string counts = Counts(store);
  const int64_t nist = store.FindEntities("NIST")->front();
  ASSERT_TRUE(*store.RemoveDocument("/docs/second.md"));
  ASSERT_TRUE(*store.RemoveDocument("/docs/third.md"));
  EXPECT_TRUE(store.FindEntities("NIST")->empty());
  EXPECT_TRUE(store.Search("Standards")->empty());
  // The merge keys of removed entities and aliases are gone: the same names make new entities,
  // which merge with each other again.
  ASSERT_TRUE(store.IngestDocument(Third()).has_value());
  ASSERT_TRUE(store.IngestDocument(Second()).has_value());
  EXPECT_EQ(Counts(store), counts);
  const auto ids = store.FindEntities("NIST");
  ASSERT_EQ(ids->size(), 1u);
  EXPECT_NE(ids->front(), nist);
  EXPECT_EQ(store.FindEntities("National Institute of Standards and Technology")->front(),
            ids->front());
  auto detail = store.GetEntity(ids->front());
  ASSERT_TRUE(detail.has_value());
  EXPECT_EQ(detail->label, "National Institute of Standards and Technology");
  EXPECT_EQ(detail->aliases, std::vector<std::string>{"NIST"});
  EXPECT_EQ(detail->documents.size(), 2u);
}

TEST(StoreBatch, WritesOfAnotherConnectionAreSeenWhenMerging) {
  TempDir dir;
  Store one = OpenOrDie(dir / "a.db");
  Store two = OpenOrDie(dir / "a.db");
  ASSERT_TRUE(one.IngestDocument(First()).has_value());   // one loads its memos here
  ASSERT_TRUE(two.IngestDocument(Second()).has_value());  // NIST comes from the other one
  ASSERT_TRUE(one.IngestDocument(Third()).has_value());   // and must be merged into
  EXPECT_EQ(one.GetStats()->entities, 7);
  EXPECT_EQ(one.FindEntities("NIST")->size(), 1u);
  EXPECT_EQ(one.FindEntities("NIST")->front(),
            one.FindEntities("National Institute of Standards and Technology")->front());
  // And a removal by the other connection is seen too.
  ASSERT_TRUE(*two.RemoveDocument("/docs/second.md"));
  ASSERT_TRUE(one.IngestDocument(Second("withdrew")).has_value());
  EXPECT_EQ(one.GetStats()->entities, 7);
  EXPECT_EQ(one.FindEntities("the Commission")->size(), 1u);
}

TEST(StoreBatch, ImportIntoADatabaseHoldingTheSameDocumentsAddsNothingTwice) {
  TempDir dir;
  Store source = OpenOrDie(dir / "source.db");
  ASSERT_TRUE(source.IngestDocuments(std::vector<DocumentRec>{First(), Third()}).has_value());
  auto graph = source.LoadGraph();
  ASSERT_TRUE(graph.has_value());
  Store target = OpenOrDie(dir / "target.db");
  ASSERT_TRUE(target.IngestDocuments(std::vector<DocumentRec>{First(), Third()}).has_value());
  const std::string counts = Counts(target);
  ASSERT_TRUE(target.ImportGraph(*graph).has_value());
  EXPECT_EQ(Counts(target), counts);
  // Evidence keeps resolving to the sentences of the stored text.
  const int64_t ec = target.FindEntities("European Commission")->front();
  auto detail = target.GetEntity(ec);
  ASSERT_TRUE(detail.has_value());
  ASSERT_FALSE(detail->relations.empty());
  for (const RelationRef& r : detail->relations)
    for (const SentenceRef& e : r.evidence) EXPECT_FALSE(e.sentence.empty());
  // Removing the documents removes what the import added to them as well.
  ASSERT_TRUE(*target.RemoveDocument("/docs/first.md"));
  ASSERT_TRUE(*target.RemoveDocument("/docs/third.md"));
  auto s = target.GetStats();
  EXPECT_EQ(s->documents, 0);
  EXPECT_EQ(s->mentions, 0);
  EXPECT_EQ(s->evidence, 0);
  EXPECT_EQ(s->relations, 0);
}

}  // namespace
}  // namespace accord::graph
