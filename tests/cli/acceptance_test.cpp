// The acceptance check, end to end through the `accord` binary: ingest the seed
// document alone into a fresh database, export it, and score the export with
// ../shared/tools/score-extraction against the hand annotation. Thresholds: entity F1 >= 0.80
// with precision >= 0.80, relation recall >= 0.60, list-item recall >= 0.90. Skipped with a
// clear message when ../shared (or python3) is absent.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "shell_util.hpp"

namespace {
namespace fs = std::filesystem;
using accord::testing::Capture;
using accord::testing::Quote;



TEST(Acceptance, SeedDocumentScoresAboveTheBar) {
  const fs::path shared = ACCORD_SHARED_DIR;
  const fs::path seed = shared / "acceptance/000_a263e60a6bc49187.txt";
  const fs::path gold = shared / "acceptance/000_a263e60a6bc49187.gold.json";
  const fs::path scorer = shared / "tools/score-extraction";
  if (!fs::exists(seed) || !fs::exists(gold) || !fs::exists(scorer)) {
    GTEST_SKIP() << "../shared/acceptance or ../shared/tools is absent: acceptance not checked";
  }
  if (std::system("command -v python3 >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "python3 is not installed: the scorer cannot run";
  }
  std::string templ = (fs::temp_directory_path() / "accord-acceptance-XXXXXX").string();
  ASSERT_NE(::mkdtemp(templ.data()), nullptr);
  const fs::path dir = templ;
  const std::string db = (dir / "seed.db").string();
  const std::string exported = (dir / "export.json").string();
  const std::string accord = Quote(ACCORD_CLI);

  auto [ingest_out, ingest_rc] =
      Capture(accord + " ingest --db " + Quote(db) + " " + Quote(seed.string()) + " 2>&1");
  ASSERT_EQ(ingest_rc, 0) << ingest_out;
  auto [export_out, export_rc] =
      Capture(accord + " export --db " + Quote(db) + " -o " + Quote(exported) + " 2>&1");
  ASSERT_EQ(export_rc, 0) << export_out;
  auto [json, score_rc] = Capture("python3 " + Quote(scorer.string()) + " " + Quote(gold.string()) +
                                  " " + Quote(exported) + " --json");
  ASSERT_EQ(score_rc, 0) << json;

  rapidjson::Document d;
  d.Parse(json.c_str(), json.size());
  ASSERT_FALSE(d.HasParseError()) << json.substr(0, 300);
  const double precision = d["entities"]["precision"].GetDouble();
  const double f1 = d["entities"]["f1"].GetDouble();
  const double relation_recall = d["relations"]["recall"].GetDouble();
  const double list_recall = d["lists"]["recall"].GetDouble();
  std::printf(
      "acceptance: entity F1 %.3f, precision %.3f, relation recall %.3f, list recall %.3f\n", f1,
      precision, relation_recall, list_recall);
  EXPECT_GE(f1, 0.80);
  EXPECT_GE(precision, 0.80);
  EXPECT_GE(relation_recall, 0.60);
  EXPECT_GE(list_recall, 0.90);

  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace
