// Store behaviour: schema, ingest counts, unchanged/changed/removed documents, cross-document
// merging, search (ranked, safe for hostile text), entity queries, neighbourhoods, paths, and
// the export -> import -> export round trip.
#include "accord/graph/store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "accord/graph/algorithms.hpp"
#include "accord/graph/json_io.hpp"
#include "graph_test_util.hpp"
#include "sqlite_test_util.hpp"

namespace accord::graph {
namespace {

using testing::DocBuilder;
using testing::OpenOrDie;
using testing::TempDir;
using testing::UserVersionOf;

DocumentRec DocA() { return testing::ProposalDoc("/docs/a.md", true); }

DocumentRec DocB(const std::string& verb = "published") { return testing::GuidanceDoc("/docs/b.md", verb); }

DocumentRec DocC() { return testing::UpdateDoc("/docs/c.md"); }

int64_t IdOf(Store& store, std::string_view name) {
  auto ids = store.FindEntities(name);
  EXPECT_TRUE(ids.has_value());
  EXPECT_EQ(ids->size(), 1u) << name;
  return ids->empty() ? -1 : ids->front();
}

using testing::ExportJson;

TEST(Store, CreatesSchemaAndFolderThenReopens) {
  TempDir dir;
  const auto path = dir / "nested/deeper/accord.db";
  {
    Store store = OpenOrDie(path);
    EXPECT_EQ(store.path(), path);
    ASSERT_TRUE(store.IngestDocument(DocA()).has_value());
  }
  ASSERT_TRUE(std::filesystem::exists(path));
  EXPECT_EQ(UserVersionOf(path), kSchemaVersion);
  Store again = OpenOrDie(path);
  auto stats = again.GetStats();
  ASSERT_TRUE(stats.has_value());
  EXPECT_EQ(stats->documents, 1);
  EXPECT_EQ(stats->entities, 4);
}

TEST(Store, IngestGivesExactCounts) {
  TempDir dir;
  Store store = OpenOrDie(dir / "a.db");
  auto outcome = store.IngestDocument(DocA());
  ASSERT_TRUE(outcome.has_value()) << outcome.error().message;
  EXPECT_EQ(*outcome, IngestOutcome::kAdded);
  auto s = store.GetStats();
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->documents, 1);
  EXPECT_EQ(s->sentences, 3);
  EXPECT_EQ(s->entities, 4);
  EXPECT_EQ(s->aliases, 2);  // "Commission", "the Act"
  EXPECT_EQ(s->mentions, 6);
  EXPECT_EQ(s->relations, 3);
  EXPECT_EQ(s->cooccurrences, 1);
  EXPECT_EQ(s->evidence, 4);
  ASSERT_EQ(s->entity_types.size(), 3u);
  EXPECT_EQ(s->entity_types[0].type, "organization");
  EXPECT_EQ(s->entity_types[0].count, 2);
  EXPECT_EQ(s->entity_types[1].type, "law");
  EXPECT_EQ(s->entity_types[2].type, "technology");
  ASSERT_EQ(s->relation_types.size(), 3u);
  EXPECT_EQ(s->relation_types[0].type, "builds");
  auto hash = store.DocumentHash("/docs/a.md");
  ASSERT_TRUE(hash.has_value());
  EXPECT_EQ(hash->value_or(""), DocA().content_hash);
  EXPECT_FALSE(store.DocumentHash("/docs/none.md")->has_value());
  auto docs = store.ListDocuments();
  ASSERT_EQ(docs->size(), 1u);
  EXPECT_EQ((*docs)[0].metadata.size(), 2u);
  EXPECT_EQ((*docs)[0].metadata[0].first, "year");
  EXPECT_EQ((*docs)[0].metadata[1].second, "EU");
  EXPECT_EQ(*store.DocumentText((*docs)[0].id), DocA().text);
  EXPECT_EQ(store.DocumentText(999).error().code, ErrorCode::kNotFound);
}

TEST(Store, ReingestUnchangedIsNoOp) {
  TempDir dir;
  Store store = OpenOrDie(dir / "a.db");
  ASSERT_TRUE(store.IngestDocument(DocA()).has_value());
  ASSERT_TRUE(store.IngestDocument(DocB()).has_value());
  const std::string before = ExportJson(store);
  auto outcome = store.IngestDocument(DocA());
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(*outcome, IngestOutcome::kUnchanged);
  EXPECT_EQ(ExportJson(store), before);
}

TEST(Store, ChangedDocumentReplacesOnlyItsOwnContribution) {
  TempDir dir;
  Store store = OpenOrDie(dir / "a.db");
  ASSERT_TRUE(store.IngestDocument(DocA()).has_value());
  ASSERT_TRUE(store.IngestDocument(DocB()).has_value());
  const int64_t ec = IdOf(store, "European Commission");
  const int64_t act = IdOf(store, "AI Act");
  auto outcome = store.IngestDocument(DocB("withdrew"));
  ASSERT_TRUE(outcome.has_value()) << outcome.error().message;
  EXPECT_EQ(*outcome, IngestOutcome::kReplaced);
  EXPECT_EQ(IdOf(store, "European Commission"), ec);
  EXPECT_EQ(IdOf(store, "AI Act"), act);
  auto s = store.GetStats();
  EXPECT_EQ(s->documents, 2);
  EXPECT_EQ(s->entities, 7);
  EXPECT_EQ(s->relations, 5);
  std::vector<std::string> types;
  for (const auto& t : s->relation_types) types.push_back(t.type);
  EXPECT_NE(std::find(types.begin(), types.end(), "withdrew"), types.end());
  EXPECT_NE(std::find(types.begin(), types.end(), "published"), types.end())
      << "published is still stated by the Commission sentence";
  EXPECT_EQ(s->relation_types.size(), 5u);
}

TEST(Store, RemoveDocumentRemovesOnlyWhatItAloneSupported) {
  TempDir dir;
  Store store = OpenOrDie(dir / "a.db");
  ASSERT_TRUE(store.IngestDocument(DocA()).has_value());
  ASSERT_TRUE(store.IngestDocument(DocB()).has_value());
  ASSERT_TRUE(store.IngestDocument(DocC()).has_value());
  EXPECT_EQ(store.GetStats()->entities, 7);
  auto removed = store.RemoveDocument("/docs/b.md");
  ASSERT_TRUE(removed.has_value());
  EXPECT_TRUE(*removed);
  auto s = store.GetStats();
  EXPECT_EQ(s->documents, 2);
  // "the Act" went with b.md; NIST and AI RMF stay because c.md names them too.
  EXPECT_EQ(s->entities, 6);
  // The canonical name stays the first one stored, even after the document that gave it goes.
  EXPECT_EQ(IdOf(store, "NIST"), IdOf(store, "National Institute of Standards and Technology"));
  EXPECT_EQ(store.FindEntities("AI RMF")->size(), 1u);
  EXPECT_EQ(s->relations, 4);  // proposed, regulates, builds, updated
  EXPECT_EQ(s->sentences, 4);
  auto ec = store.GetEntity(IdOf(store, "European Commission"));
  ASSERT_TRUE(ec.has_value());
  EXPECT_EQ(ec->aliases, std::vector<std::string>{"Commission"});
  EXPECT_EQ(ec->documents.size(), 1u);
  EXPECT_FALSE(*store.RemoveDocument("/docs/b.md"));
  // Search no longer finds the removed sentence.
  auto hits = store.Search("guidance");
  ASSERT_TRUE(hits.has_value());
  EXPECT_TRUE(hits->empty());
}

TEST(Store, SearchIndexFollowsAliasesOfRemovedDocuments) {
  TempDir dir;
  Store store = OpenOrDie(dir / "a.db");
  DocBuilder one("/docs/one.md", "Alpha Group, also called Zephyr, met.");
  const uint32_t a1 = one.Entity("Alpha Group", "organization", {{"Zephyr", false}});
  one.Mention(a1, "Alpha Group");
  DocBuilder two("/docs/two.md", "Alpha Group met again.");
  const uint32_t a2 = two.Entity("Alpha Group", "organization");
  two.Mention(a2, "Alpha Group");
  ASSERT_TRUE(store.IngestDocument(one.doc()).has_value());
  ASSERT_TRUE(store.IngestDocument(two.doc()).has_value());
  auto hits = store.Search("zephyr");
  ASSERT_EQ(hits->size(), 2u);  // the entity (by alias) and the sentence
  EXPECT_EQ((*hits)[0].label, "Alpha Group");
  EXPECT_EQ((*hits)[0].snippet, "[Zephyr]");
  ASSERT_TRUE(store.RemoveDocument("/docs/one.md").has_value());
  EXPECT_TRUE(store.Search("zephyr")->empty());
  ASSERT_EQ(store.Search("alpha")->size(), 2u);
  EXPECT_EQ(store.GetStats()->entities, 1);
}

TEST(Store, MergesByNameAndNonLocalAliasButNotByLocalAlias) {
  TempDir dir;
  Store store = OpenOrDie(dir / "a.db");
  ASSERT_TRUE(store.IngestDocument(DocA()).has_value());
  ASSERT_TRUE(store.IngestDocument(DocB()).has_value());
  ASSERT_TRUE(store.IngestDocument(DocC()).has_value());
  auto s = store.GetStats();
  EXPECT_EQ(s->entities, 7);
  const int64_t ec = IdOf(store, "European Commission");
  EXPECT_EQ(IdOf(store, "the Commission"), ec);  // b.md's name matched a's non-local alias
  const int64_t nist = IdOf(store, "NIST");
  EXPECT_EQ(IdOf(store, "National Institute of Standards and Technology"), nist);
  auto detail = store.GetEntity(nist);
  EXPECT_EQ(detail->label, "NIST");  // the first stored name stays canonical
  EXPECT_EQ(detail->documents.size(), 2u);
  // "the Act" (b.md) must not merge with "AI Act" through a.md's local alias "the Act".
  auto acts = store.FindEntities("Act");
  ASSERT_TRUE(acts.has_value());
  EXPECT_EQ(acts->size(), 2u);
  auto ai_act = store.GetEntity(IdOf(store, "AI Act"));
  EXPECT_EQ(ai_act->aliases, std::vector<std::string>{"the Act"});
  EXPECT_EQ(ai_act->documents.size(), 1u);
  // Same key, different type: no merge.
  DocBuilder d("/docs/d.md", "NIST is also a song.");
  const uint32_t song = d.Entity("NIST", "work");
  d.Mention(song, "NIST");
  ASSERT_TRUE(store.IngestDocument(d.doc()).has_value());
  EXPECT_EQ(store.GetStats()->entities, 8);
  // Most-mentioned first.
  auto both = store.FindEntities("nist");
  ASSERT_EQ(both->size(), 2u);
  EXPECT_EQ(both->front(), nist);
}

TEST(Store, SearchRanksEntitiesFirstThenSentences) {
  TempDir dir;
  Store store = OpenOrDie(dir / "a.db");
  ASSERT_TRUE(store.IngestDocument(DocA()).has_value());
  ASSERT_TRUE(store.IngestDocument(DocB()).has_value());
  auto hits = store.Search("foundation");
  ASSERT_TRUE(hits.has_value());
  ASSERT_GE(hits->size(), 3u);
  EXPECT_EQ((*hits)[0].kind, SearchHit::Kind::kEntity);
  EXPECT_EQ((*hits)[0].label, "foundation models");
  EXPECT_EQ((*hits)[0].snippet, "[foundation] models");
  for (size_t i = 1; i < hits->size(); ++i) {
    EXPECT_EQ((*hits)[i].kind, SearchHit::Kind::kSentence);
    EXPECT_EQ((*hits)[i].type, "sentence");
    EXPECT_NE((*hits)[i].snippet.find("[foundation]"), std::string::npos);
    EXPECT_LE((*hits)[i - 1].kind == SearchHit::Kind::kSentence ? (*hits)[i - 1].rank : -1e9,
              (*hits)[i].rank);
  }
  const std::string text = DocA().text;
  const SearchHit& sentence = (*hits)[1];
  EXPECT_EQ(text.substr(sentence.start, sentence.end - sentence.start).find("foundation") !=
                std::string::npos,
            true);
  // Prefix on the last word (incremental search) and implicit AND.
  auto prefix = store.Search("Nation");
  ASSERT_TRUE(prefix.has_value());
  ASSERT_FALSE(prefix->empty());
  EXPECT_EQ((*prefix)[0].label, "NIST");  // found through its alias
  auto both = store.Search("AI regul");
  ASSERT_EQ(both->size(), 1u);
  EXPECT_EQ((*both)[0].kind, SearchHit::Kind::kSentence);
  EXPECT_EQ(store.Search("foundation", 1)->size(), 1u);
  EXPECT_TRUE(store.Search("   ")->empty());
}

// A word in more sentences than search ranks (1,000): the answer is still `limit` sentences
// holding it, the best-ranked among the first 1,000 matches in document order, so a common
// word costs the same on any corpus size.
TEST(Store, SearchOfACommonWordRanksABoundedNumberOfMatches) {
  TempDir dir;
  Store store = OpenOrDie(dir / "a.db");
  std::string text;
  for (int i = 0; i < 1500; ++i) {
    if (i == 10) text += "Governance matters. ";
    text += "Sentence number " + std::to_string(i) + " of this long text is about governance. ";
  }
  text += "Governance.";  // the best match of all (shortest), but past the first thousand
  DocBuilder b("long.md", text);
  ASSERT_TRUE(store.IngestDocument(b.doc()).has_value());
  auto hits = store.Search("governance", 5);
  ASSERT_TRUE(hits.has_value()) << hits.error().message;
  ASSERT_EQ(hits->size(), 5u);
  for (const SearchHit& h : *hits) {
    EXPECT_EQ(h.kind, SearchHit::Kind::kSentence);
    EXPECT_NE(text.substr(h.start, h.end - h.start).find("overnance"), std::string::npos);
  }
  EXPECT_EQ(text.substr((*hits)[0].start, (*hits)[0].end - (*hits)[0].start),
            "Governance matters.");
}

// Snippets mark the words the index matched: curly quotes and apostrophes separate words, and
// case and diacritics fold as in the index ("cote" finds and marks "Côte", "turkiye" "TÜRKIYE").
TEST(Store, SearchSnippetsMarkWordsBesideQuotesAndWithDiacritics) {
  TempDir dir;
  Store store = OpenOrDie(dir / "a.db");
  DocBuilder b("q.md", "The \u201cAccra Accord\u201d was signed in C\u00f4te d\u2019Ivoire. T\u00dcRKIYE agreed.");
  ASSERT_TRUE(store.IngestDocument(b.doc()).has_value());
  auto snippet = [&](const char* query) {
    auto hits = store.Search(query, 5);
    EXPECT_TRUE(hits.has_value());
    return hits && !hits->empty() ? hits->front().snippet : std::string("(none)");
  };
  EXPECT_EQ(snippet("accra"), "The \u201c[Accra] Accord\u201d was signed in C\u00f4te d\u2019Ivoire.");
  EXPECT_EQ(snippet("cote"), "The \u201cAccra Accord\u201d was signed in [C\u00f4te] d\u2019Ivoire.");
  EXPECT_EQ(snippet("IVOIRE"), "The \u201cAccra Accord\u201d was signed in C\u00f4te d\u2019[Ivoire].");
  EXPECT_EQ(snippet("t\u00fcrk"), "[T\u00dcRKIYE] agreed.");
  EXPECT_EQ(snippet("turkiye"), "[T\u00dcRKIYE] agreed.");
}

class HostileSearch : public ::testing::TestWithParam<const char*> {};

TEST_P(HostileSearch, NeverFailsAndLeavesTheDatabaseIntact) {
  TempDir dir;
  Store store = OpenOrDie(dir / "a.db");
  ASSERT_TRUE(store.IngestDocument(DocA()).has_value());
  auto hits = store.Search(GetParam());
  ASSERT_TRUE(hits.has_value()) << hits.error().message;
  auto found = store.FindEntities(GetParam());
  ASSERT_TRUE(found.has_value());
  auto resolved = store.ResolveEntity(GetParam());
  if (!resolved) {
    EXPECT_EQ(resolved.error().code, ErrorCode::kNotFound);
  }
  EXPECT_EQ(store.GetStats()->entities, 4);
}

INSTANTIATE_TEST_SUITE_P(Store, HostileSearch,
                         ::testing::Values("\"", "\"\"", "AND", "OR NEAR(", "*", "^x", "(((",
                                           ";-- DROP TABLE entities", "'", "act\" OR \"x",
                                           "NEAR(ai act, 2)", "ai:act", "-ai", "\xE2\x80\x9C",
                                           "\xC3\xA9t\xC3\xA9*", "\\", "%_", ""));

TEST(Store, FindResolveAndGetEntity) {
  TempDir dir;
  Store store = OpenOrDie(dir / "a.db");
  ASSERT_TRUE(store.IngestDocument(DocA()).has_value());
  ASSERT_TRUE(store.IngestDocument(DocB()).has_value());
  const int64_t ec = IdOf(store, "European Commission");
  EXPECT_EQ(*store.ResolveEntity("the european commission"), ec);
  EXPECT_EQ(*store.ResolveEntity("Europ"), ec);  // falls back to search
  auto missing = store.ResolveEntity("Zanzibar Accord");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_NE(missing.error().message.find("Zanzibar Accord"), std::string::npos);

  auto d = store.GetEntity(ec);
  ASSERT_TRUE(d.has_value()) << d.error().message;
  EXPECT_EQ(d->label, "European Commission");
  EXPECT_EQ(d->type, "organization");
  EXPECT_EQ(d->aliases, std::vector<std::string>{"Commission"});
  ASSERT_EQ(d->documents.size(), 2u);
  EXPECT_EQ(d->documents[0].path, "/docs/a.md");
  ASSERT_EQ(d->mentions.size(), 2u);
  EXPECT_EQ(d->mentions[0].sentence, "The European Commission proposed the AI Act.");
  EXPECT_EQ(d->mentions[0].start, 4u);
  EXPECT_EQ(d->mentions[0].end, 23u);
  EXPECT_EQ(d->mentions[0].document_title, "Title of /docs/a.md");
  EXPECT_EQ(d->mentions[1].sentence, "The Commission published guidance on the Act.");
  ASSERT_EQ(d->relations.size(), 3u);
  EXPECT_EQ(d->relations[0].type, "proposed");  // stated first, by type
  EXPECT_EQ(d->relations[0].other_label, "AI Act");
  EXPECT_TRUE(d->relations[0].outgoing);
  ASSERT_EQ(d->relations[0].evidence.size(), 1u);
  EXPECT_EQ(d->relations[0].evidence[0].sentence, "The European Commission proposed the AI Act.");
  EXPECT_EQ(d->relations[1].type, "published");
  EXPECT_EQ(d->relations[1].other_label, "the Act");
  EXPECT_EQ(d->relations[2].kind, RelationKind::kCooccurrence);
  auto act = store.GetEntity(IdOf(store, "AI Act"));
  ASSERT_EQ(act->relations.size(), 2u);
  EXPECT_FALSE(act->relations[0].outgoing);  // proposed: the Commission is the source
  EXPECT_EQ(store.GetEntity(12345).error().code, ErrorCode::kNotFound);
}

TEST(Store, NeighborhoodDepthZeroOneTwo) {
  TempDir dir;
  Store store = OpenOrDie(dir / "a.db");
  ASSERT_TRUE(store.IngestDocument(DocA()).has_value());
  ASSERT_TRUE(store.IngestDocument(DocB()).has_value());
  const int64_t ec = IdOf(store, "European Commission");
  const int64_t act = IdOf(store, "AI Act");
  const int64_t the_act = store.GetEntity(ec)->relations[1].other;
  const int64_t fm = IdOf(store, "foundation models");
  const int64_t oa = IdOf(store, "OpenAI");
  auto sorted = [](std::vector<int64_t> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  EXPECT_EQ(*store.Neighborhood({ec}, 0), std::vector<int64_t>{ec});
  EXPECT_EQ(*store.Neighborhood({ec}, 1), sorted({ec, act, the_act}));
  EXPECT_EQ(*store.Neighborhood({ec}, 1, true), sorted({ec, act, the_act, oa}));
  EXPECT_EQ(*store.Neighborhood({ec}, 2), sorted({ec, act, the_act, fm}));
  EXPECT_EQ(*store.Neighborhood({ec, 9999}, 0), std::vector<int64_t>{ec});
  EXPECT_TRUE(store.Neighborhood({9999}, 3)->empty());
}

TEST(Store, ShortestPathWithEvidenceNoPathAndSameNode) {
  TempDir dir;
  Store store = OpenOrDie(dir / "a.db");
  ASSERT_TRUE(store.IngestDocument(DocA()).has_value());
  ASSERT_TRUE(store.IngestDocument(DocB()).has_value());
  const int64_t ec = IdOf(store, "European Commission");
  const int64_t oa = IdOf(store, "OpenAI");
  auto path = store.ShortestPath(ec, oa);  // the co-occurrence edge does not count
  ASSERT_TRUE(path.has_value()) << path.error().message;
  ASSERT_EQ(path->size(), 3u);
  EXPECT_EQ((*path)[0].type, "proposed");
  EXPECT_EQ((*path)[1].type, "regulates");
  EXPECT_EQ((*path)[2].type, "builds");
  EXPECT_EQ((*path)[2].source, oa);
  ASSERT_EQ((*path)[1].evidence.size(), 1u);
  EXPECT_EQ((*path)[1].evidence[0].text, "The AI Act regulates foundation models.");
  EXPECT_TRUE(store.ShortestPath(ec, ec)->empty());
  auto none = store.ShortestPath(ec, IdOf(store, "NIST"));
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store.ShortestPath(ec, 9999).error().code, ErrorCode::kNotFound);
}

TEST(Store, ShortestPathAgreesWithInMemoryAlgorithm) {
  // Random sparse graphs with parallel edges, self-loops and co-occurrence edges: the SQL
  // bidirectional search must pick exactly the links ShortestPathLinks picks.
  TempDir dir;
  for (uint32_t seed = 1; seed <= 3; ++seed) {
    GraphData g;
    uint32_t x = seed * 2654435761u;
    auto rnd = [&](uint32_t n) {
      x = x * 1664525u + 1013904223u;
      return (x >> 8) % n;
    };
    const int nodes = 120;
    for (int i = 1; i <= nodes; ++i) g.nodes.push_back({i * 3, "n" + std::to_string(i), "t", {}, {}, {}});
    for (int i = 1; i <= 170; ++i) {
      LinkInfo l;
      l.id = i * 2 + static_cast<int64_t>(rnd(2));
      l.source = 3 * (1 + rnd(nodes));
      l.target = 3 * (1 + rnd(nodes));
      l.type = "r" + std::to_string(i);
      l.kind = rnd(6) == 0 ? RelationKind::kCooccurrence : RelationKind::kStated;
      g.links.push_back(l);
    }
    Store store = OpenOrDie(dir / ("p" + std::to_string(seed) + ".db"));
    ASSERT_TRUE(store.ImportGraph(g).has_value());
    for (int q = 0; q < 60; ++q) {
      const int64_t a = 3 * (1 + rnd(nodes)), b = 3 * (1 + rnd(nodes));
      auto expected = ShortestPathLinks(g, a, b);
      auto got = store.ShortestPath(a, b);
      ASSERT_EQ(expected.has_value(), got.has_value()) << a << " -> " << b;
      if (!expected) continue;
      std::vector<int64_t> ids;
      for (const LinkInfo& l : *got) ids.push_back(l.id);
      EXPECT_EQ(ids, *expected) << a << " -> " << b;
    }
  }
}

TEST(Store, LoadGraphFilters) {
  TempDir dir;
  Store store = OpenOrDie(dir / "a.db");
  ASSERT_TRUE(store.IngestDocument(DocA()).has_value());
  ASSERT_TRUE(store.IngestDocument(DocB()).has_value());
  auto all = store.LoadGraph();
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(all->nodes.size(), 7u);
  EXPECT_EQ(all->links.size(), 6u);
  EXPECT_EQ(all->documents.size(), 2u);
  GraphFilter orgs;
  orgs.types = {"organization"};
  orgs.include_cooccurrence = false;
  auto g = store.LoadGraph(orgs);
  EXPECT_EQ(g->nodes.size(), 3u);
  EXPECT_TRUE(g->links.empty());
  GraphFilter only_b;
  only_b.document = store.ListDocuments()->at(1).id;
  only_b.with_details = false;
  g = store.LoadGraph(only_b);
  EXPECT_EQ(g->nodes.size(), 4u);
  EXPECT_EQ(g->links.size(), 2u);
  for (const auto& n : g->nodes) EXPECT_TRUE(n.mentions.empty());
  GraphFilter nodes;
  nodes.nodes = std::vector<int64_t>{IdOf(store, "AI Act")};
  g = store.LoadGraph(nodes);
  ASSERT_EQ(g->nodes.size(), 1u);
  EXPECT_EQ(g->documents.size(), 1u);
}

TEST(Store, ExportImportExportIsByteIdentical) {
  TempDir dir;
  Store store = OpenOrDie(dir / "a.db");
  ASSERT_TRUE(store.IngestDocument(DocA()).has_value());
  ASSERT_TRUE(store.IngestDocument(DocB()).has_value());
  ASSERT_TRUE(store.IngestDocument(DocC()).has_value());
  ASSERT_TRUE(store.RemoveDocument("/docs/b.md").has_value());  // leaves gaps in the ids
  const std::string first = ExportJson(store);
  auto parsed = ReadGraphJson(first, "export.json");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  Store copy = OpenOrDie(dir / "copy.db");
  auto imported = copy.ImportGraph(*parsed);
  ASSERT_TRUE(imported.has_value()) << imported.error().message;
  EXPECT_EQ(ExportJson(copy), first);
  // Imported documents have no text; search still finds entities.
  EXPECT_EQ(*copy.DocumentText(copy.ListDocuments()->at(0).id), "");
  EXPECT_FALSE(copy.Search("foundation")->empty());
  // Re-import into the now non-empty database merges instead of duplicating.
  ASSERT_TRUE(copy.ImportGraph(*parsed).has_value());
  EXPECT_EQ(ExportJson(copy), first);
}

// A text of 1 MB or more goes into the store as a BLOB written a piece at a time (so SQLite never
// builds a record holding a copy of it); everything read back from it must be exactly what a
// small document gives: the text, the sentences of mentions and evidence (here past the first
// piece), search, export and import, replacement and removal.
TEST(Store, LargeTextIsWrittenInPiecesAndReadBackExactly) {
  auto make = [](const std::string& body) {
    std::string text = "The Alpha Office opened.";
    while (text.size() < (size_t{5} << 19))  // 2.5 MB: three pieces
      text += " Filler sentence " + std::to_string(text.size()) + " says nothing new.";
    const std::string last = "The " + body + " met the Alpha Office.";
    text += " " + last;
    DocBuilder b("/docs/big.md", text);
    const uint32_t alpha = b.Entity("Alpha Office", "organization");
    const uint32_t other = b.Entity(body, "organization");
    b.Mention(alpha, "Alpha Office").Mention(other, body);
    b.Relation(other, alpha, "met", body + " met");
    return std::pair(b.doc(), last);
  };
  TempDir dir;
  Store store = OpenOrDie(dir / "a.db");
  const auto [doc, last] = make("Zephyr Council");
  ASSERT_EQ(*store.IngestDocument(doc), IngestOutcome::kAdded);
  const int64_t id = store.ListDocuments()->at(0).id;
  EXPECT_EQ(*store.DocumentText(id), doc.text);

  auto detail = store.GetEntity(IdOf(store, "Zephyr Council"));
  ASSERT_TRUE(detail.has_value()) << detail.error().message;
  ASSERT_EQ(detail->mentions.size(), 1u);
  EXPECT_EQ(detail->mentions[0].sentence, last);
  EXPECT_EQ(detail->mentions[0].start, doc.text.size() - last.size() + 4);
  ASSERT_EQ(detail->relations.size(), 1u);
  ASSERT_EQ(detail->relations[0].evidence.size(), 1u);
  EXPECT_EQ(detail->relations[0].evidence[0].sentence, last);
  auto hits = store.Search("Zephyr met");
  ASSERT_TRUE(hits.has_value());
  const auto sentence = std::find_if(hits->begin(), hits->end(), [](const SearchHit& h) {
    return h.kind == SearchHit::Kind::kSentence;
  });
  ASSERT_NE(sentence, hits->end());
  EXPECT_EQ(sentence->end - sentence->start, last.size());
  EXPECT_EQ(sentence->start, doc.text.size() - last.size());

  const std::string first = ExportJson(store);
  EXPECT_NE(first.find(last), std::string::npos) << "the evidence text is in the export";
  auto parsed = ReadGraphJson(first, "export.json");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  Store copy = OpenOrDie(dir / "copy.db");
  ASSERT_TRUE(copy.ImportGraph(*parsed).has_value());
  EXPECT_EQ(ExportJson(copy), first);

  // Replaced: the old sentences leave the index (their text is read back from the BLOB).
  const auto [changed, changed_last] = make("Quasar Council");
  ASSERT_EQ(*store.IngestDocument(changed), IngestOutcome::kReplaced);
  EXPECT_TRUE(store.Search("Zephyr")->empty());
  EXPECT_FALSE(store.Search("Quasar")->empty());
  EXPECT_EQ(*store.DocumentText(store.ListDocuments()->at(0).id), changed.text);
  ASSERT_TRUE(*store.RemoveDocument("/docs/big.md"));
  EXPECT_TRUE(store.Search("Alpha")->empty());
  EXPECT_TRUE(store.Search("Filler")->empty());
  EXPECT_EQ(store.GetStats()->documents, 0);
}

TEST(Store, ImportRejectsLinksToMissingNodes) {
  TempDir dir;
  Store store = OpenOrDie(dir / "a.db");
  GraphData g;
  g.nodes.push_back({1, "A", "organization", {}, {}, {}});
  LinkInfo link;
  link.id = 1;
  link.source = 1;
  link.target = 2;
  link.type = "x";
  g.links.push_back(link);
  auto st = store.ImportGraph(g);
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(store.GetStats()->entities, 0);
}

TEST(Store, RejectsInconsistentExtraction) {
  TempDir dir;
  Store store = OpenOrDie(dir / "a.db");
  DocumentRec doc = DocA();
  doc.mentions.push_back({99, 0, {0, 1}});
  auto r = store.IngestDocument(doc);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalid);
  EXPECT_NE(r.error().message.find("/docs/a.md"), std::string::npos);
}

}  // namespace
}  // namespace accord::graph

namespace accord::graph {
namespace {

TEST(StorePositions, SaveThenLoadKeepsOnlyLivingEntities) {
  std::string templ = (std::filesystem::temp_directory_path() / "accord-pos-XXXXXX").string();
  ASSERT_NE(::mkdtemp(templ.data()), nullptr);
  auto store = Store::Open(std::filesystem::path(templ) / "p.db");
  ASSERT_TRUE(store.has_value()) << store.error().message;
  GraphData g;
  g.documents.push_back(DocumentInfo{1, "/d.md", "D", {}, "h"});
  g.nodes.push_back(NodeInfo{10, "A", "country", {}, {1}, {MentionInfo{1, 0, 1}}});
  g.nodes.push_back(NodeInfo{11, "B", "country", {}, {1}, {MentionInfo{1, 2, 3}}});
  ASSERT_TRUE(store->ImportGraph(g).has_value());
  std::vector<NodePosition> pos = {{10, 1.5f, -2.25f, true}, {11, 3.0f, 4.0f, false}, {99, 0, 0, false}};
  ASSERT_TRUE(store->SavePositions(pos).has_value());
  auto loaded = store->LoadPositions();
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  ASSERT_EQ(loaded->size(), 2u);  // 99 is no entity
  EXPECT_EQ((*loaded)[0].entity, 10);
  EXPECT_FLOAT_EQ((*loaded)[0].x, 1.5f);
  EXPECT_FLOAT_EQ((*loaded)[0].y, -2.25f);
  EXPECT_TRUE((*loaded)[0].pinned);
  EXPECT_FALSE((*loaded)[1].pinned);
  // saving again replaces the whole set
  ASSERT_TRUE(store->SavePositions(std::vector<NodePosition>{{11, 7, 8, false}}).has_value());
  loaded = store->LoadPositions();
  ASSERT_EQ(loaded->size(), 1u);
  EXPECT_EQ((*loaded)[0].entity, 11);
  std::error_code ec;
  std::filesystem::remove_all(templ, ec);
}

}  // namespace
}  // namespace accord::graph
