// Tests for page provenance: PageOf, document_pages in the store (schema 2, and the upgrade
// from schema 1; removed with their document), pages on entity mentions and evidence, and the
// optional "page_starts" / "page" members of accord-graph JSON (written, read, imported, rebuilt).

#include <algorithm>
#include <sstream>

#include "graph_test_util.hpp"
#include "sqlite_test_util.hpp"

namespace accord::graph {
namespace {
using testing::DocBuilder;
using testing::OpenOrDie;
using testing::TempDir;
using testing::MakeSchemaOne;
using testing::UserVersionOf;

// Three pages: "Alpha met Beta. " | "Gamma joined Delta. " | "Epsilon left."
constexpr const char* kText = "Alpha met Beta. Gamma joined Delta. Epsilon left.";
const std::vector<uint32_t> kStarts = {0, 16, 36};

DocumentRec PagedDocument() {
  DocBuilder b("/docs/paged.pdf", kText);
  const uint32_t alpha = b.Entity("Alpha", "organization");
  const uint32_t beta = b.Entity("Beta", "organization");
  const uint32_t gamma = b.Entity("Gamma", "country");
  const uint32_t delta = b.Entity("Delta", "organization");
  const uint32_t epsilon = b.Entity("Epsilon", "country");
  b.Mention(alpha, "Alpha").Mention(beta, "Beta").Mention(gamma, "Gamma");
  b.Mention(delta, "Delta").Mention(epsilon, "Epsilon");
  b.Relation(alpha, beta, "met", "Alpha met");
  b.Relation(gamma, delta, "joined", "Gamma joined");
  DocumentRec doc = b.doc();
  doc.page_starts = kStarts;
  return doc;
}

const NodeInfo& Node(const GraphData& g, const std::string& label) {
  auto it = std::find_if(g.nodes.begin(), g.nodes.end(),
                         [&](const NodeInfo& n) { return n.label == label; });
  EXPECT_NE(it, g.nodes.end()) << label;
  return *it;
}

std::string Json(const GraphData& g) {
  std::ostringstream out;
  EXPECT_TRUE(WriteGraphJson(g, out, false).has_value());
  return out.str();
}

TEST(PageProvenance, PageOfFindsTheLastPageStartingAtOrBeforeTheOffset) {
  EXPECT_EQ(PageOf({}, 5), 0u);
  const std::vector<uint32_t> starts = {0, 10, 10, 20};  // page 2 is empty
  EXPECT_EQ(PageOf(starts, 0), 1u);
  EXPECT_EQ(PageOf(starts, 9), 1u);
  EXPECT_EQ(PageOf(starts, 10), 3u);
  EXPECT_EQ(PageOf(starts, 19), 3u);
  EXPECT_EQ(PageOf(starts, 20), 4u);
  EXPECT_EQ(PageOf(starts, 100000), 4u);
  EXPECT_EQ(PageOf({5, 8}, 2), 1u);  // before the first start: still page 1
}

TEST(PageProvenance, StoreKeepsPageStartsAndGivesEveryMentionAndEvidenceItsPage) {
  TempDir dir;
  Store store = OpenOrDie(dir / "p.db");
  ASSERT_TRUE(store.IngestDocument(PagedDocument()).has_value());
  auto g = store.LoadGraph();
  ASSERT_TRUE(g) << g.error().message;
  ASSERT_EQ(g->documents.size(), 1u);
  const int64_t doc = g->documents[0].id;
  EXPECT_EQ(g->page_starts.at(doc), kStarts);
  EXPECT_EQ(PageAt(*g, doc, Node(*g, "Alpha").mentions[0].start), 1u);
  EXPECT_EQ(PageAt(*g, doc, Node(*g, "Delta").mentions[0].start), 2u);
  EXPECT_EQ(PageAt(*g, doc, Node(*g, "Epsilon").mentions[0].start), 3u);

  auto gamma = store.GetEntity(Node(*g, "Gamma").id);
  ASSERT_TRUE(gamma) << gamma.error().message;
  ASSERT_EQ(gamma->mentions.size(), 1u);
  EXPECT_EQ(gamma->mentions[0].page, 2u);
  ASSERT_EQ(gamma->relations.size(), 1u);
  ASSERT_EQ(gamma->relations[0].evidence.size(), 1u);
  EXPECT_EQ(gamma->relations[0].evidence[0].page, 2u);
  auto alpha = store.GetEntity(Node(*g, "Alpha").id);
  ASSERT_TRUE(alpha);
  EXPECT_EQ(alpha->mentions[0].page, 1u);

  // a subgraph keeps the page starts of the documents it cites
  GraphFilter only_delta;
  only_delta.nodes = std::vector<int64_t>{Node(*g, "Delta").id};
  auto sub = store.LoadGraph(only_delta);
  ASSERT_TRUE(sub);
  EXPECT_EQ(sub->page_starts.at(doc), kStarts);
}

TEST(PageProvenance, RemovedOrReplacedDocumentTakesItsPagesAlong) {
  TempDir dir;
  Store store = OpenOrDie(dir / "p.db");
  ASSERT_TRUE(store.IngestDocument(PagedDocument()).has_value());
  DocumentRec changed = PagedDocument();
  changed.content_hash = "changed";
  changed.page_starts = {0, 36};
  ASSERT_TRUE(store.IngestDocument(changed).has_value());
  auto g = store.LoadGraph();
  ASSERT_TRUE(g);
  ASSERT_EQ(g->page_starts.size(), 1u);
  EXPECT_EQ(g->page_starts.begin()->second, (std::vector<uint32_t>{0, 36}));
  auto removed = store.RemoveDocument("/docs/paged.pdf");
  ASSERT_TRUE(removed.has_value() && *removed);
  // a new document may take the freed id: it must not inherit the old pages
  DocumentRec plain = PagedDocument();
  plain.path = "/docs/plain.md";
  plain.page_starts.clear();
  ASSERT_TRUE(store.IngestDocument(plain).has_value());
  auto after = store.LoadGraph();
  ASSERT_TRUE(after);
  EXPECT_TRUE(after->page_starts.empty());
}

TEST(PageProvenance, DocumentsWithoutPagesHaveNone) {
  TempDir dir;
  Store store = OpenOrDie(dir / "p.db");
  DocumentRec doc = PagedDocument();
  doc.page_starts.clear();
  ASSERT_TRUE(store.IngestDocument(doc).has_value());
  auto g = store.LoadGraph();
  ASSERT_TRUE(g);
  EXPECT_TRUE(g->page_starts.empty());
  EXPECT_EQ(Json(*g).find("\"page"), std::string::npos);
  auto alpha = store.GetEntity(Node(*g, "Alpha").id);
  ASSERT_TRUE(alpha);
  EXPECT_EQ(alpha->mentions[0].page, 0u);
}

TEST(PageProvenance, StoreRefusesPageStartsOutOfOrderOrOutsideTheText) {
  TempDir dir;
  Store store = OpenOrDie(dir / "p.db");
  DocumentRec doc = PagedDocument();
  doc.page_starts = {0, 20, 16};
  auto r = store.IngestDocument(doc);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("page starts are out of order"), std::string::npos);
  doc.page_starts = {0, 5000};
  EXPECT_FALSE(store.IngestDocument(doc).has_value());
}

// A schema 1 database at `path` holding PagedDocument() without its pages, as an older Accord
// wrote it.
void WriteSchemaOneDatabase(const std::filesystem::path& path) {
  {
    Store store = OpenOrDie(path);
    DocumentRec doc = PagedDocument();
    doc.page_starts.clear();
    ASSERT_TRUE(store.IngestDocument(doc).has_value());
  }
  MakeSchemaOne(path);
}

TEST(PageProvenance, SchemaOneDatabaseIsUpgradedInPlace) {
  TempDir dir;
  const auto path = dir / "old.db";
  WriteSchemaOneDatabase(path);
  ASSERT_FALSE(::testing::Test::HasFailure());
  Store store = OpenOrDie(path);
  auto g = store.LoadGraph();
  ASSERT_TRUE(g) << g.error().message;
  EXPECT_EQ(g->nodes.size(), 5u);  // nothing lost
  EXPECT_TRUE(g->page_starts.empty());
  DocumentRec paged = PagedDocument();
  paged.path = "/docs/second.pdf";
  ASSERT_TRUE(store.IngestDocument(paged).has_value());
  auto again = store.LoadGraph();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->page_starts.size(), 1u);
  EXPECT_EQ(UserVersionOf(path), kSchemaVersion);
}

// The query commands and the explorer open read-only: an older database is upgraded once on
// that first open (when the file can be written) instead of being refused.
TEST(PageProvenance, SchemaOneDatabaseOpenedToReadIsUpgradedFirst) {
  TempDir dir;
  const auto path = dir / "old.db";
  WriteSchemaOneDatabase(path);
  ASSERT_FALSE(::testing::Test::HasFailure());
  auto reader = Store::Open(path, OpenMode::kReadOnly);
  ASSERT_TRUE(reader) << reader.error().message;
  auto g = reader->LoadGraph();
  ASSERT_TRUE(g) << g.error().message;
  EXPECT_EQ(g->nodes.size(), 5u);
  EXPECT_FALSE(reader->IngestDocument(PagedDocument()).has_value());  // still read-only
  EXPECT_EQ(UserVersionOf(path), kSchemaVersion);
}

TEST(PageProvenance, JsonCarriesPagesAndImportRoundTripsThem) {
  TempDir dir;
  Store store = OpenOrDie(dir / "a.db");
  ASSERT_TRUE(store.IngestDocument(PagedDocument()).has_value());
  auto g = store.LoadGraph();
  ASSERT_TRUE(g);
  const std::string json = Json(*g);
  EXPECT_NE(json.find("\"page_starts\":[0,16,36]"), std::string::npos) << json;
  EXPECT_NE(json.find("\"start\":16,\"end\":21,\"page\":2}"), std::string::npos) << json;
  EXPECT_NE(json.find("\"page\":3"), std::string::npos) << json;

  auto read = ReadGraphJson(json, "a.json");
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(read->page_starts, g->page_starts);
  Store other = OpenOrDie(dir / "b.db");
  ASSERT_TRUE(other.ImportGraph(*read).has_value());
  auto back = other.LoadGraph();
  ASSERT_TRUE(back);
  EXPECT_EQ(back->page_starts, g->page_starts);
  EXPECT_EQ(Json(*back), json);
}

TEST(PageProvenance, JsonPagesWithoutPageStartsAreRebuiltAndCheckedOtherwise) {
  const std::string head =
      R"({"format":"accord-graph","version":1,"documents":[{"id":1,"path":"/d.pdf")";
  const std::string nodes =
      R"(,"nodes":[{"id":7,"label":"A","type":"country","mentions":[)"
      R"({"document":1,"start":3,"end":4,"page":1},{"document":1,"start":40,"end":41,"page":3},)"
      R"({"document":1,"start":20,"end":21,"page":2}]}],"links":[]})";
  auto rebuilt = ReadGraphJson(head + "}]" + nodes, "r.json");
  ASSERT_TRUE(rebuilt) << rebuilt.error().message;
  EXPECT_EQ(rebuilt->page_starts.at(1), (std::vector<uint32_t>{0, 20, 40}));
  for (const MentionInfo& m : rebuilt->nodes[0].mentions)
    EXPECT_EQ(PageAt(*rebuilt, 1, m.start), m.start == 3 ? 1u : m.start == 20 ? 2u : 3u);

  auto clash = ReadGraphJson(head + R"(,"page_starts":[0,30]}])" + nodes, "c.json");
  ASSERT_FALSE(clash);
  EXPECT_NE(clash.error().message.find(
                "mentions[1] says page 3 but its document's pages put offset 40 on page 2"),
            std::string::npos)
      << clash.error().message;
  auto zero = ReadGraphJson(head + "}]" +
                                R"(,"nodes":[{"id":7,"label":"A","type":"country",)"
                                R"("mentions":[{"document":1,"start":3,"end":4,"page":0}]}]})",
                            "z.json");
  ASSERT_FALSE(zero);
  EXPECT_NE(zero.error().message.find("\"page\" must be a page number from 1"), std::string::npos);
  auto order = ReadGraphJson(head + R"(,"page_starts":[0,30,10]}]})", "o.json");
  ASSERT_FALSE(order);
  EXPECT_NE(order.error().message.find("out of order"), std::string::npos);
}

}  // namespace
}  // namespace accord::graph
