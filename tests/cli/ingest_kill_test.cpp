// SIGKILL during `accord ingest`: a few hundred generated documents are ingested once without
// interruption (the reference), then ingests into fresh databases are killed at seeded random
// moments, some of them several times in a row (a rerun that is itself killed). After every
// kill: PRAGMA integrity_check is "ok"; every document the database holds is complete (its
// mentions and evidence, as (type, span) pairs, equal the reference's for that document) and
// nothing else is there (no entity or relation without a document). Each round ends with an
// uninterrupted rerun whose `accord export` equals the reference byte for byte. The test does
// not assume one transaction per document: only that a document is in whole or not at all.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <sqlite3.h>

#include <map>
#include <random>
#include <algorithm>
#include <set>

#include "generated_corpus.hpp"
#include "run_util.hpp"

namespace accord::testing {
namespace {

constexpr int kDocuments = 300;
constexpr int kKillsWanted = 20;

// Per document path: the sorted list of "m <type> <start> <end>" (mentions) and
// "e <relation type> <kind> <start> <end>" (evidence) lines. Also checks that every node and
// link is backed by at least one document present.
struct ExportSummary {
  std::map<std::string, std::multiset<std::string>> per_document;
  int orphan_nodes = 0;
  int orphan_links = 0;
};

ExportSummary Summarise(const std::string& json) {
  ExportSummary s;
  rapidjson::Document d;
  d.Parse(json.c_str(), json.size());
  EXPECT_FALSE(d.HasParseError()) << json.substr(0, 200);
  if (d.HasParseError() || !d.IsObject()) return s;
  std::map<int64_t, std::string> doc_path;
  for (const auto& doc : d["documents"].GetArray()) {
    doc_path[doc["id"].GetInt64()] = doc["path"].GetString();
    s.per_document[doc["path"].GetString()];  // present, even if it states nothing
  }
  auto path_of = [&](int64_t id) {
    auto it = doc_path.find(id);
    EXPECT_NE(it, doc_path.end()) << "a mention or evidence in document " << id
                                  << ", which is not in the export";
    return it == doc_path.end() ? std::string("?") : it->second;
  };
  for (const auto& n : d["nodes"].GetArray()) {
    if (n["documents"].Empty()) ++s.orphan_nodes;
    const std::string type = n["type"].GetString();
    for (const auto& m : n["mentions"].GetArray()) {
      s.per_document[path_of(m["document"].GetInt64())].insert(
          "m " + type + " " + std::to_string(m["start"].GetUint()) + " " +
          std::to_string(m["end"].GetUint()));
    }
  }
  for (const auto& l : d["links"].GetArray()) {
    if (l["evidence"].Empty()) ++s.orphan_links;
    const std::string what =
        std::string(l["type"].GetString()) + " " + l["kind"].GetString();
    for (const auto& e : l["evidence"].GetArray()) {
      s.per_document[path_of(e["document"].GetInt64())].insert(
          "e " + what + " " + std::to_string(e["start"].GetUint()) + " " +
          std::to_string(e["end"].GetUint()));
    }
  }
  return s;
}

std::string IntegrityCheck(const fs::path& db) {
  sqlite3* h = nullptr;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    std::string msg = h ? sqlite3_errmsg(h) : "cannot open";
    sqlite3_close(h);
    return msg;
  }
  std::string result;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW) {
      if (!result.empty()) result += "; ";
      result += reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    }
  } else {
    result = sqlite3_errmsg(h);
  }
  sqlite3_finalize(st);
  sqlite3_close(h);
  return result;
}

int64_t SchemaObjects(const fs::path& db) {
  sqlite3* h = nullptr;
  int64_t n = -1;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(h, "SELECT count(*) FROM sqlite_schema", -1, &st, nullptr) ==
            SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      n = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(h);
  return n;
}

TEST(IngestKill, EveryKillLeavesWholeDocumentsAndARerunFinishesTheJob) {
  ScratchDir scratch("kill");
  const fs::path corpus = scratch / "corpus";
  GenerateCorpus(corpus, kDocuments, 20261129);

  // Ingest groups documents into transactions (512 by default: this whole corpus would be one);
  // small groups make many commits, so kills land between them as well as inside them.
  ::setenv("ACCORD_INGEST_BATCH", "8", 1);
  // The reference: one uninterrupted ingest, timed to choose kill moments inside it.
  const fs::path ref_db = scratch / "ref.db";
  const auto t0 = std::chrono::steady_clock::now();
  RunResult ref = RunAccord({"ingest", "--db", ref_db.string(), corpus.string()}, scratch.path());
  const double ref_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_EQ(ref.exit_code, 0) << ref.err;
  RunResult ref_export = RunAccord({"export", "--db", ref_db.string()}, scratch.path());
  ASSERT_EQ(ref_export.exit_code, 0) << ref_export.err;
  const ExportSummary reference = Summarise(ref_export.out);
  ASSERT_EQ(reference.per_document.size(), static_cast<size_t>(kDocuments));
  size_t nonempty = 0;
  for (const auto& [path, lines] : reference.per_document) nonempty += !lines.empty();
  ASSERT_GT(nonempty, kDocuments * 9u / 10) << "the generated documents should state things";

  // Kill moments are drawn from [lo, hi], which starts as the reference's duration and adapts
  // to the machine's load as it goes: a kill that finds nothing committed moves `lo` up, an
  // ingest that finished before its kill moves `hi` down. So a busy or a quiet machine both
  // get kills in the middle of the ingest, not only before its first commit or after its end.
  std::mt19937 rng(424242);
  double lo = 0.0, hi = ref_seconds;
  auto when = [&] { return std::uniform_real_distribution<double>(lo, hi)(rng); };
  int kills = 0, partial = 0, rounds = 0, attempts = 0;
  while ((kills < kKillsWanted || partial < kKillsWanted / 4) && attempts < 10 * kKillsWanted) {
    ++rounds;
    const fs::path db = scratch / ("round" + std::to_string(rounds) + ".db");
    // One to three killed ingests in a row into the same database, then a full rerun.
    const int in_a_row = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < in_a_row; ++k) {
      ++attempts;
      const double at = when();
      Child child(ACCORD_CLI, {"ingest", "--db", db.string(), corpus.string()}, scratch.path());
      std::this_thread::sleep_for(std::chrono::duration<double>(at));
      bool killed = false;
      RunResult r = child.Kill(&killed);
      if (!killed) {
        ASSERT_EQ(r.exit_code, 0) << "an ingest that was not killed must succeed: " << r.err;
        if (k == 0) hi = std::max(at, lo + 0.01);  // a fresh ingest ended before `at`
        continue;
      }
      ++kills;
      SCOPED_TRACE("round " + std::to_string(rounds) + ", kill at " + std::to_string(at) + " s");
      const auto too_early = [&] {
        if (k == 0) lo = std::min(at, 0.9 * hi);  // a fresh ingest had committed nothing yet
      };
      if (!fs::exists(db)) {  // killed before the database was created
        too_early();
        continue;
      }
      ASSERT_EQ(IntegrityCheck(db), "ok");
      RunResult exp = RunAccord({"export", "--db", db.string()}, scratch.path());
      if (exp.exit_code != 0) {
        // Only a database whose schema was never committed may fail to export.
        ASSERT_EQ(SchemaObjects(db), 0) << exp.err;
        too_early();
        continue;
      }
      const ExportSummary got = Summarise(exp.out);
      EXPECT_EQ(got.orphan_nodes, 0);
      EXPECT_EQ(got.orphan_links, 0);
      for (const auto& [path, lines] : got.per_document) {
        auto it = reference.per_document.find(path);
        ASSERT_NE(it, reference.per_document.end()) << path;
        EXPECT_EQ(lines, it->second) << path << " is not complete after the kill";
      }
      if (!got.per_document.empty() && got.per_document.size() < kDocuments) ++partial;
      if (got.per_document.empty()) too_early();
      if (k == 0 && got.per_document.size() == kDocuments) hi = std::max(at, lo + 0.01);
    }
    RunResult rerun = RunAccord({"ingest", "--db", db.string(), corpus.string()}, scratch.path());
    ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
    ASSERT_EQ(IntegrityCheck(db), "ok");
    RunResult exp = RunAccord({"export", "--db", db.string()}, scratch.path());
    ASSERT_EQ(exp.exit_code, 0) << exp.err;
    ASSERT_EQ(exp.out, ref_export.out) << "round " << rounds
                                       << ": the rerun did not end where the reference did";
    std::error_code ec;
    fs::remove(db, ec);
  }
  EXPECT_GE(kills, kKillsWanted) << "too few kills landed while ingest was running";
  EXPECT_GE(partial, kKillsWanted / 4) << "too few kills landed in the middle of the ingest";
  std::printf("[ kills ] %d SIGKILLs survived (%d mid-ingest) in %d rounds; reference ingest "
              "%.2f s; kill window %.2f-%.2f s\n", kills, partial, rounds, ref_seconds, lo, hi);
}

}  // namespace
}  // namespace accord::testing
