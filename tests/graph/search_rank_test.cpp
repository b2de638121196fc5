// Search ranks exactly as FTS5's bm25() would: the store computes bm25 itself from each match's
// term statistics (so FTS5 does not re-run every phrase over the whole table), and these tests
// hold it to the same doubles and the same order as bm25() computed by SQLite on the same file,
// for entity queries (many words, repeated words, a prefix), one-phrase sentence queries, the
// loose fallback, a phrase with more matches than are ranked, and after writes by this
// connection and by another one (the per-word row counts it remembers must follow).
#include <sqlite3.h>

#include <string>
#include <vector>

#include "graph_test_util.hpp"

namespace accord::graph::testing {
namespace {

// A corpus where words repeat across entity names and sentences in uneven numbers.
std::vector<DocumentRec> Corpus(int documents, int first = 0) {
  const char* const kPlaces[] = {"Kenya", "Chile", "Nepal", "Oman", "Peru", "Ghana", "Laos"};
  const char* const kTopics[] = {"Data", "AI Safety", "Robotics", "Digital Trade", "Computing"};
  const char* const kKinds[] = {"Strategy", "Action Plan", "Code of Conduct", "Initiative"};
  const char* const kValues[] = {"the rule of law", "human rights", "fairness", "safety"};
  const char* const kSectors[] = {"water management", "agriculture", "health", "energy"};
  std::vector<DocumentRec> out;
  for (int d = first; d < first + documents; ++d) {
    const std::string place = kPlaces[d % 7];
    const std::string plan = place + " National " + kTopics[d % 5] + " " + kKinds[d % 4];
    const std::string measure = "the " + plan + " promotes " + kValues[(d / 3) % 4] +
                                " across " + kSectors[(d / 2) % 4];
    std::string text = plan + " was adopted by " + place + ". " + measure + ". ";
    for (int k = 0; k < 3 + d % 4; ++k)
      text += "The plan of " + place + " names " + kValues[(d + k) % 4] + " and " +
              kSectors[(d + k) % 4] + " as priorities of the rule of law. ";
    text += "Global cooperation on " + std::string(kTopics[(d + 1) % 5]) + " matters.";
    DocBuilder b("doc-" + std::to_string(d) + ".md", text);
    const uint32_t p = b.Entity(place, "country");
    const uint32_t x = b.Entity(plan, "plan", {{place + " " + kTopics[d % 5] + " Plan", false}});
    const uint32_t m = b.Entity(measure, "measure");
    b.Mention(p, place).Mention(x, plan).Mention(m, measure);
    b.Relation(p, x, "adopted", "was adopted by");
    out.push_back(b.doc());
  }
  return out;
}

struct Ranked {
  int64_t id = 0;  // entity id, or document id of a sentence
  double rank = 0;
  bool operator==(const Ranked&) const = default;
};

std::string Quoted(const std::vector<std::string>& words, bool phrase) {
  std::string q;
  if (phrase) {
    q = "\"";
    for (size_t i = 0; i < words.size(); ++i) q += (i ? " " : "") + words[i];
    return q + "\" *";
  }
  for (size_t i = 0; i < words.size(); ++i)
    q += (i ? " \"" : "\"") + words[i] + (i + 1 == words.size() ? "\"*" : "\"");
  return q;
}

// What bm25() says, straight from SQLite: entity hits, then the sentence hits of the phrase
// (or, when the phrase matches nothing, of the loose query), as Store::Search picks them.
std::vector<Ranked> Reference(const std::filesystem::path& db_path,
                              const std::vector<std::string>& words, int limit) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  std::vector<Ranked> out;
  auto run = [&](const char* sql, const std::string& match, int n) {
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_bind_text(st, 1, match.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, n);
    int rows = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
      out.push_back({sqlite3_column_int64(st, 0), sqlite3_column_double(st, 1)});
      ++rows;
    }
    sqlite3_finalize(st);
    return rows;
  };
  run("SELECT e.id, m.r FROM (SELECT rowid, bm25(entity_fts) AS r FROM entity_fts "
      "WHERE entity_fts MATCH ?1 LIMIT 1000) m JOIN entities e ON e.id = m.rowid "
      "ORDER BY m.r, e.id LIMIT ?2",
      Quoted(words, false), limit);
  const int left = limit - static_cast<int>(out.size());
  const char* sentences =
      "SELECT rowid >> 24, r FROM (SELECT rowid, bm25(sentence_fts) AS r FROM sentence_fts "
      "WHERE sentence_fts MATCH ?1 LIMIT 1000) ORDER BY r, rowid LIMIT ?2";
  if (left > 0) {
    const int found = words.size() > 1 ? run(sentences, Quoted(words, true), left) : 0;
    if (found == 0) run(sentences, Quoted(words, false), left);
  }
  sqlite3_close(db);
  return out;
}

std::vector<Ranked> Searched(Store& store, const std::vector<std::string>& words, int limit) {
  std::string query;
  for (const std::string& w : words) query += (query.empty() ? "" : " ") + w;
  auto hits = store.Search(query, limit);
  EXPECT_TRUE(hits.has_value());
  std::vector<Ranked> out;
  if (!hits) return out;
  for (const SearchHit& h : *hits)
    out.push_back({h.kind == SearchHit::Kind::kEntity ? h.entity : h.document, h.rank});
  return out;
}

const std::vector<std::vector<std::string>> kQueries = {
    {"kenya"},
    {"national"},
    {"the"},
    {"nat"},
    {"the", "rule", "of", "law"},
    {"the", "kenya", "national", "data", "strategy", "promotes", "the", "rule", "of", "law",
     "across", "water", "management"},
    {"chile", "national", "ai", "safety"},
    {"action", "pla"},
    {"plan", "of", "oman", "names", "fairness"},
    {"priorities", "of", "the", "rule"},
    {"fairness", "kenya", "global"},  // no phrase match: the loose query answers
    {"global", "cooperation", "on"},
    {"peru", "peru", "peru"},
    {"zzz", "nothing"},
};

TEST(SearchRank, EqualsBm25ForEntityAndSentenceQueries) {
  TempDir dir;
  const auto path = dir / "a.db";
  Store store = OpenOrDie(path);
  ASSERT_TRUE(store.IngestDocuments(Corpus(40)).has_value());
  for (const auto& words : kQueries) {
    SCOPED_TRACE(words.front() + " ... (" + std::to_string(words.size()) + " words)");
    EXPECT_EQ(Searched(store, words, 30), Reference(path, words, 30));
    EXPECT_EQ(Searched(store, words, 3), Reference(path, words, 3));
  }
}

TEST(SearchRank, FollowsWritesOfThisConnectionAndOfAnother) {
  TempDir dir;
  const auto path = dir / "a.db";
  Store store = OpenOrDie(path);
  ASSERT_TRUE(store.IngestDocuments(Corpus(20)).has_value());
  for (const auto& words : kQueries) Searched(store, words, 30);  // the row counts are memoised
  ASSERT_TRUE(store.IngestDocuments(Corpus(15, 20)).has_value());
  for (const auto& words : kQueries) {
    SCOPED_TRACE(words.front() + " after a write of this connection");
    EXPECT_EQ(Searched(store, words, 30), Reference(path, words, 30));
  }
  {
    Store other = OpenOrDie(path);
    ASSERT_TRUE(other.IngestDocuments(Corpus(25, 35)).has_value());
    ASSERT_TRUE(other.RemoveDocument("doc-3.md").has_value());
  }
  for (const auto& words : kQueries) {
    SCOPED_TRACE(words.front() + " after a write of another connection");
    EXPECT_EQ(Searched(store, words, 30), Reference(path, words, 30));
  }
}

// A phrase in more sentences than search ranks: bm25() needs the count of every sentence
// holding it, so that case is ranked by bm25() itself, still the same answer.
TEST(SearchRank, PhraseWithMoreMatchesThanRankedEqualsBm25) {
  TempDir dir;
  const auto path = dir / "a.db";
  Store store = OpenOrDie(path);
  std::string text;
  for (int i = 0; i < 1200; ++i)
    text += "Item " + std::to_string(i) + (i % 7 ? " of the rule of law here. " : " of the rule of law. ");
  DocBuilder b("long.md", text);
  ASSERT_TRUE(store.IngestDocument(b.doc()).has_value());
  for (const std::vector<std::string>& words :
       {std::vector<std::string>{"rule", "of", "law"}, {"the", "rule", "of", "law", "here"}}) {
    EXPECT_EQ(Searched(store, words, 10), Reference(path, words, 10));
  }
}

}  // namespace
}  // namespace accord::graph::testing
