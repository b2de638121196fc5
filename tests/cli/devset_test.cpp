// The extractor scored on our own dev set (tests/data/gold: bundled documents annotated in the
// gold format of ../shared/acceptance/GOLD-FORMAT.md) with ../shared/tools/score-extraction,
// through the binary as a user would run it. One test per annotated document with a floor per
// document, and one on the averages: a regression gate to ratchet up, never down. Skipped with
// a clear message when ../shared (or python3) is absent.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "shell_util.hpp"
#include <vector>

namespace {
namespace fs = std::filesystem;
using accord::testing::Capture;
using accord::testing::Quote;



struct Score {
  double precision = 0, f1 = 0, relation_recall = 0, list_recall = 0;
};

// Ingests `document` alone into a fresh database, exports, scores against `gold`.
std::optional<Score> ScoreDocument(const fs::path& document, const fs::path& gold, std::string* error) {
  const fs::path scorer = fs::path(ACCORD_SHARED_DIR) / "tools/score-extraction";
  std::string templ = (fs::temp_directory_path() / "accord-devset-XXXXXX").string();
  if (!::mkdtemp(templ.data())) return std::nullopt;
  const fs::path dir = templ;
  const std::string db = (dir / "dev.db").string(), out = (dir / "export.json").string();
  const std::string accord = Quote(ACCORD_CLI);
  auto [a, rc1] = Capture(accord + " ingest --db " + Quote(db) + " " + Quote(document.string()) + " 2>&1");
  auto [b, rc2] = Capture(accord + " export --db " + Quote(db) + " -o " + Quote(out) + " 2>&1");
  auto [json, rc3] = Capture("python3 " + Quote(scorer.string()) + " " + Quote(gold.string()) + " " + Quote(out) + " --json");
  std::error_code ec;
  fs::remove_all(dir, ec);
  if (rc1 != 0 || rc2 != 0 || rc3 != 0) {
    *error = a + b + json;
    return std::nullopt;
  }
  rapidjson::Document d;
  d.Parse(json.c_str(), json.size());
  if (d.HasParseError()) {
    *error = json.substr(0, 300);
    return std::nullopt;
  }
  return Score{d["entities"]["precision"].GetDouble(), d["entities"]["f1"].GetDouble(),
               d["relations"]["recall"].GetDouble(), d["lists"]["recall"].GetDouble()};
}

bool SharedAvailable() {
  return fs::exists(fs::path(ACCORD_SHARED_DIR) / "tools/score-extraction") &&
         std::system("command -v python3 >/dev/null 2>&1") == 0;
}

std::vector<std::string> GoldNames() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(fs::path(ACCORD_TEST_DATA) / "gold"))
    if (e.path().string().ends_with(".gold.json")) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

fs::path DocumentFor(const std::string& gold_name) {
  std::string stem = gold_name.substr(0, gold_name.size() - std::string(".gold.json").size());
  return fs::path(ACCORD_SOURCE_DIR) / "corpus/documents" / (stem + ".md");
}

class DevSet : public ::testing::TestWithParam<std::string> {};

TEST_P(DevSet, DocumentScoresAboveItsFloor) {
  if (!SharedAvailable()) GTEST_SKIP() << "../shared/tools/score-extraction or python3 is absent: dev set not scored";
  std::string error;
  auto score = ScoreDocument(DocumentFor(GetParam()), fs::path(ACCORD_TEST_DATA) / "gold" / GetParam(), &error);
  ASSERT_TRUE(score.has_value()) << error;
  std::printf("dev %s: entity F1 %.3f precision %.3f, relation recall %.3f, list recall %.3f\n", GetParam().c_str(),
              score->f1, score->precision, score->relation_recall, score->list_recall);
  EXPECT_GE(score->f1, 0.78);
  EXPECT_GE(score->precision, 0.85);
  EXPECT_GE(score->relation_recall, 0.25);
  EXPECT_GE(score->list_recall, 0.40);
}

INSTANTIATE_TEST_SUITE_P(Gold, DevSet, ::testing::ValuesIn(GoldNames()), [](const auto& info) {
  std::string name = info.param.substr(0, info.param.find('.'));
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
});

TEST(DevSetAverage, MeanScoresAboveTheFloor) {
  if (!SharedAvailable()) GTEST_SKIP() << "../shared/tools/score-extraction or python3 is absent: dev set not scored";
  Score sum;
  int n = 0;
  for (const auto& name : GoldNames()) {
    std::string error;
    auto s = ScoreDocument(DocumentFor(name), fs::path(ACCORD_TEST_DATA) / "gold" / name, &error);
    ASSERT_TRUE(s.has_value()) << name << ": " << error;
    sum.f1 += s->f1;
    sum.precision += s->precision;
    sum.relation_recall += s->relation_recall;
    sum.list_recall += s->list_recall;
    ++n;
  }
  ASSERT_GE(n, 3);
  std::printf("dev mean over %d documents: entity F1 %.3f precision %.3f, relation recall %.3f, list recall %.3f\n", n,
              sum.f1 / n, sum.precision / n, sum.relation_recall / n, sum.list_recall / n);
  EXPECT_GE(sum.f1 / n, 0.87);
  EXPECT_GE(sum.precision / n, 0.90);
  EXPECT_GE(sum.relation_recall / n, 0.53);
  EXPECT_GE(sum.list_recall / n, 0.74);
}

}  // namespace
