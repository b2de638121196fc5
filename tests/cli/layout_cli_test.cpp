// `accord layout` end to end: positions for every node of a d3-style file (string and integer
// ids, self-loops, parallel links, an isolated node) and of `accord export` output, the timing
// file the layout benchmark reads, byte-identical output for a seed, and one-line errors
// (missing file, bad JSON with its line, a link to no node, usage) that leave files untouched;
// --community-length parts four linked cliques by as many hops as it asks, and refuses values
// outside [1, 32].
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "shell_util.hpp"

namespace {
namespace fs = std::filesystem;
using accord::testing::Capture;
using accord::testing::Quote;

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class LayoutCli : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "accord-layout-cli-XXXXXX").string();
    ASSERT_NE(::mkdtemp(templ.data()), nullptr);
    dir_ = templ;
    graph_ = dir_ / "g.json";
    std::ofstream(graph_) << R"({"nodes":[{"id":"a"},{"id":"b"},{"id":7},{"id":"d"},{"id":"lone"}],
"links":[{"source":"a","target":"b"},{"source":"b","target":7},{"source":7,"target":"a"},
{"source":"a","target":"a"},{"source":"d","target":"b"},{"source":"b","target":"d"}]})";
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  // Runs accord with a shell-quoted argument string; returns (stdout + stderr, exit status).
  std::pair<std::string, int> Run(const std::string& args) {
    return Capture("HOME=" + Quote(dir_.string()) + " " + Quote(ACCORD_CLI) + " " + args + " 2>" +
                   Quote((dir_ / "err.txt").string()));
  }
  std::string Err() { return ReadAll(dir_ / "err.txt"); }
  void ExpectOneLineError(const std::pair<std::string, int>& r, int code) {
    EXPECT_EQ(r.second, code) << r.first << Err();
    const std::string err = Err();
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
    EXPECT_EQ(err.rfind("accord: ", 0), 0u) << err;
  }

  fs::path dir_, graph_;
};

TEST_F(LayoutCli, WritesAFinitePositionForEveryNodeAndTheTiming) {
  const fs::path pos = dir_ / "pos.json", timing = dir_ / "t.json";
  auto r = Run("layout " + Quote(graph_.string()) + " -o " + Quote(pos.string()) + " --timing " +
               Quote(timing.string()) + " --runs 2 --iterations auto --seed 1");
  ASSERT_EQ(r.second, 0) << Err();
  rapidjson::Document d;
  d.Parse(ReadAll(pos).c_str());
  ASSERT_TRUE(d.IsObject());
  EXPECT_EQ(d.MemberCount(), 5u);
  for (const char* id : {"a", "b", "7", "d", "lone"}) {
    ASSERT_TRUE(d.HasMember(id)) << id;
    const auto& xy = d[id];
    ASSERT_TRUE(xy.IsArray() && xy.Size() == 2) << id;
    EXPECT_TRUE(std::isfinite(xy[0].GetDouble()) && std::isfinite(xy[1].GetDouble())) << id;
  }
  // Linked nodes sit closer than the isolated one.
  auto dist = [&](const char* p, const char* q) {
    return std::hypot(d[p][0].GetDouble() - d[q][0].GetDouble(),
                      d[p][1].GetDouble() - d[q][1].GetDouble());
  };
  EXPECT_LT(dist("a", "b"), dist("a", "lone"));

  rapidjson::Document t;
  t.Parse(ReadAll(timing).c_str());
  ASSERT_TRUE(t.IsObject()) << ReadAll(timing);
  EXPECT_STREQ(t["peer"].GetString(), "accord");
  EXPECT_TRUE(t["iters"].IsNull());
  ASSERT_EQ(t["runs"].Size(), 2u);
  for (const auto& run : t["runs"].GetArray()) {
    EXPECT_GE(run["total_ms"].GetDouble(), 0.0);
    EXPECT_GE(run["cpu_ms"].GetDouble(), 0.0);
  }
  EXPECT_TRUE(t["settings"].IsObject());
}

TEST_F(LayoutCli, FixedIterationsAndSeedGiveByteIdenticalOutput) {
  const fs::path a = dir_ / "a.json", b = dir_ / "b.json", c = dir_ / "c.json",
                 timing = dir_ / "t.json";
  const std::string base = "layout " + Quote(graph_.string()) + " --threads 2 --seed 5 -o ";
  ASSERT_EQ(Run(base + Quote(a.string())).second, 0) << Err();
  ASSERT_EQ(Run(base + Quote(b.string())).second, 0) << Err();
  EXPECT_EQ(ReadAll(a), ReadAll(b));
  ASSERT_EQ(
      Run(base + Quote(c.string()) + " --iterations 50 --timing " + Quote(timing.string())).second,
      0)
      << Err();
  EXPECT_NE(ReadAll(a), ReadAll(c));
  rapidjson::Document t;
  t.Parse(ReadAll(timing).c_str());
  ASSERT_TRUE(t.IsObject());
  EXPECT_EQ(t["iters"].GetInt(), 50);
  EXPECT_GE(t["runs"][0]["ms_per_iter"].GetDouble(), 0.0);
}

TEST_F(LayoutCli, LaysOutExportOutput) {
  const fs::path corpus = dir_ / "corpus", db = dir_ / "g.db", exported = dir_ / "e.json",
                 pos = dir_ / "p.json";
  fs::create_directories(corpus);
  std::ofstream(corpus / "a.md")
      << "# Bletchley Declaration\nThe United Kingdom hosted the AI Safety Summit at Bletchley "
         "Park in November 2023.\nChina and the United States endorsed the Bletchley "
         "Declaration.\n";
  ASSERT_EQ(Run("ingest --db " + Quote(db.string()) + " " + Quote(corpus.string())).second, 0)
      << Err();
  ASSERT_EQ(Run("export --db " + Quote(db.string()) + " -o " + Quote(exported.string())).second, 0)
      << Err();
  ASSERT_EQ(Run("layout " + Quote(exported.string()) + " -o " + Quote(pos.string())).second, 0)
      << Err();
  rapidjson::Document e, p;
  e.Parse(ReadAll(exported).c_str());
  p.Parse(ReadAll(pos).c_str());
  ASSERT_TRUE(e.IsObject() && p.IsObject());
  ASSERT_GT(e["nodes"].Size(), 1u);
  EXPECT_EQ(p.MemberCount(), e["nodes"].Size());
  for (const auto& node : e["nodes"].GetArray())
    EXPECT_TRUE(p.HasMember(std::to_string(node["id"].GetInt64()).c_str()));
}

TEST_F(LayoutCli, BadInputFailsInOneLineAndLeavesFilesAlone) {
  const fs::path pos = dir_ / "pos.json";
  std::ofstream(pos) << "keep me";
  // An existing output without --force.
  ExpectOneLineError(Run("layout " + Quote(graph_.string()) + " -o " + Quote(pos.string())), 1);
  EXPECT_EQ(ReadAll(pos), "keep me");
  // A missing input.
  ExpectOneLineError(Run("layout " + Quote((dir_ / "none.json").string()) + " -o " +
                         Quote((dir_ / "x.json").string())),
                     1);
  EXPECT_NE(Err().find("none.json"), std::string::npos);
  // Broken JSON: file, line and column.
  const fs::path broken = dir_ / "broken.json";
  std::ofstream(broken) << "{\"nodes\":[\n{\"id\":\"a\"},\n{\"id\" \"b\"}]}";
  ExpectOneLineError(
      Run("layout " + Quote(broken.string()) + " -o " + Quote(pos.string()) + " --force"), 1);
  EXPECT_NE(Err().find("broken.json:3:"), std::string::npos) << Err();
  EXPECT_EQ(ReadAll(pos), "keep me");
  // A link to no node, and a repeated id.
  const fs::path dangling = dir_ / "dangling.json";
  std::ofstream(dangling) << R"({"nodes":[{"id":"a"}],"links":[{"source":"a","target":"zz"}]})";
  ExpectOneLineError(
      Run("layout " + Quote(dangling.string()) + " -o " + Quote(pos.string()) + " --force"), 1);
  EXPECT_NE(Err().find("links[0]"), std::string::npos) << Err();
  const fs::path twice = dir_ / "twice.json";
  std::ofstream(twice) << R"({"nodes":[{"id":"a"},{"id":"a"}],"links":[]})";
  ExpectOneLineError(
      Run("layout " + Quote(twice.string()) + " -o " + Quote(pos.string()) + " --force"), 1);
  EXPECT_NE(Err().find("nodes[1]"), std::string::npos) << Err();
  EXPECT_EQ(ReadAll(pos), "keep me");
  // Usage errors.
  ExpectOneLineError(Run("layout " + Quote(graph_.string())), 2);
  ExpectOneLineError(Run("layout " + Quote(graph_.string()) + " -o x.json --iterations many"), 2);
  ExpectOneLineError(Run("layout " + Quote(graph_.string()) + " -o x.json --threads 0"), 2);
  EXPECT_FALSE(fs::exists(dir_ / "x.json"));
}

// Four 6-cliques joined in a ring by single links: communities the auto schedule finds and lays
// apart by --community-length hops (1: off), without the gap refine (--community-gap 0); the
// defaults (length 12, gap 0.5) are what no flag gives.
TEST_F(LayoutCli, CommunityLengthPartsCommunitiesByThatManyHops) {
  const fs::path cliques = dir_ / "cliques.json";
  auto id = [](int c, int i) { return "\"c" + std::to_string(c) + "n" + std::to_string(i) + "\""; };
  std::string text = "{\"nodes\":[";
  for (int c = 0; c < 4; ++c)
    for (int i = 0; i < 6; ++i)
      text += (c || i ? "," : "") + std::string("{\"id\":") + id(c, i) + "}";
  text += "],\"links\":[";
  std::vector<std::pair<std::string, std::string>> intra, inter;
  for (int c = 0; c < 4; ++c) {
    for (int i = 0; i < 6; ++i)
      for (int j = i + 1; j < 6; ++j) intra.emplace_back(id(c, i), id(c, j));
    inter.emplace_back(id(c, 0), id((c + 1) % 4, 1));
  }
  bool first = true;
  for (const auto* links : {&intra, &inter})
    for (const auto& [s, t] : *links) {
      text += (first ? "" : ",") + std::string("{\"source\":") + s + ",\"target\":" + t + "}";
      first = false;
    }
  text += "]}";
  std::ofstream(cliques) << text;

  // Mean length of the links between cliques over the mean of those inside one, and the
  // shortest link between over the longest inside.
  auto ratios = [&](const std::string& flags) -> std::pair<double, double> {
    const fs::path pos = dir_ / "pos.json";
    auto r = Run("layout " + Quote(cliques.string()) + " -o " + Quote(pos.string()) +
                 " --force --seed 3 " + flags);
    EXPECT_EQ(r.second, 0) << Err();
    rapidjson::Document d;
    d.Parse(ReadAll(pos).c_str());
    EXPECT_TRUE(d.IsObject());
    if (!d.IsObject()) return {0.0, 0.0};
    auto len = [&](const std::string& a, const std::string& b) {
      const auto& p = d[a.substr(1, a.size() - 2).c_str()];
      const auto& q = d[b.substr(1, b.size() - 2).c_str()];
      return std::hypot(p[0].GetDouble() - q[0].GetDouble(), p[1].GetDouble() - q[1].GetDouble());
    };
    double in_sum = 0, in_max = 0, out_sum = 0, out_min = INFINITY;
    for (const auto& [s, t] : intra) in_sum += len(s, t), in_max = std::max(in_max, len(s, t));
    for (const auto& [s, t] : inter) out_sum += len(s, t), out_min = std::min(out_min, len(s, t));
    return {(out_sum / inter.size()) / (in_sum / intra.size()), out_min / in_max};
  };
  const auto off = ratios("--community-length 1 --community-gap 0");
  const auto four = ratios("--community-length 4 --community-gap 0");
  const auto two_and_a_half = ratios("--community-length 2.5 --community-gap 0");
  EXPECT_LT(off.first, 1.5);
  EXPECT_GT(two_and_a_half.first, 2.0);
  EXPECT_GT(four.first, 3.0);
  EXPECT_GT(four.second, 2.0);  // every link between cliques is longer than any inside one
  EXPECT_GT(four.first, two_and_a_half.first);

  // The defaults are length 12 and gap 0.5: no flag and the flags give the same bytes; length 1
  // gives others.
  const fs::path a = dir_ / "a.json", b = dir_ / "b.json", c = dir_ / "c.json";
  const std::string base = "layout " + Quote(cliques.string()) + " --seed 3 -o ";
  ASSERT_EQ(Run(base + Quote(a.string())).second, 0) << Err();
  ASSERT_EQ(Run(base + Quote(b.string()) + " --community-length 12 --community-gap 0.5").second, 0)
      << Err();
  ASSERT_EQ(Run(base + Quote(c.string()) + " --community-length 1").second, 0) << Err();
  EXPECT_EQ(ReadAll(a), ReadAll(b));
  EXPECT_NE(ReadAll(a), ReadAll(c));
  // The timing file records the length used.
  const fs::path timing = dir_ / "t.json";
  ASSERT_EQ(Run(base + Quote(c.string()) + " --force --community-length 2.5 --timing " +
                Quote(timing.string()))
                .second,
            0)
      << Err();
  rapidjson::Document t;
  t.Parse(ReadAll(timing).c_str());
  ASSERT_TRUE(t.IsObject() && t["settings"].HasMember("community_length")) << ReadAll(timing);
  EXPECT_EQ(t["settings"]["community_length"].GetDouble(), 2.5);

  // Out of range or not a plain number: a usage error in one line, nothing written.
  for (const char* bad : {"0.5", "0", "-2", "33", "abc", "nan", "inf", "1e1", "2x", "''"}) {
    SCOPED_TRACE(bad);
    auto r = Run("layout " + Quote(cliques.string()) + " -o " + Quote((dir_ / "x.json").string()) +
                 " --community-length " + bad);
    ExpectOneLineError(r, 2);
    EXPECT_NE(Err().find("--community-length"), std::string::npos) << Err();
  }
  EXPECT_FALSE(fs::exists(dir_ / "x.json"));

  // --community-gap: 0 turns the gap refine off (another layout than the default's); the gap
  // used is recorded in the timing file; bad values are a one-line usage error.
  const fs::path g0 = dir_ / "g0.json", g1 = dir_ / "g1.json";
  ASSERT_EQ(Run(base + Quote(g0.string()) + " --community-gap 0").second, 0) << Err();
  EXPECT_NE(ReadAll(a), ReadAll(g0));
  ASSERT_EQ(Run(base + Quote(g1.string()) + " --timing " + Quote(timing.string()) + " --force")
                .second,
            0)
      << Err();
  EXPECT_EQ(ReadAll(a), ReadAll(g1));
  t.Parse(ReadAll(timing).c_str());
  ASSERT_TRUE(t.IsObject() && t["settings"].HasMember("community_gap")) << ReadAll(timing);
  EXPECT_EQ(t["settings"]["community_gap"].GetDouble(), 0.5);
  for (const char* bad : {"-0.5", "5", "abc", "nan", "1e1", "''"}) {
    SCOPED_TRACE(bad);
    auto r = Run("layout " + Quote(cliques.string()) + " -o " + Quote((dir_ / "x.json").string()) +
                 " --community-gap " + bad);
    ExpectOneLineError(r, 2);
    EXPECT_NE(Err().find("--community-gap"), std::string::npos) << Err();
  }
  EXPECT_FALSE(fs::exists(dir_ / "x.json"));
}

TEST_F(LayoutCli, EmptyGraphAndHelp) {
  const fs::path empty = dir_ / "empty.json", pos = dir_ / "pos.json";
  std::ofstream(empty) << R"({"nodes":[],"links":[]})";
  ASSERT_EQ(Run("layout " + Quote(empty.string()) + " -o " + Quote(pos.string())).second, 0)
      << Err();
  rapidjson::Document p;
  p.Parse(ReadAll(pos).c_str());
  ASSERT_TRUE(p.IsObject());
  EXPECT_EQ(p.MemberCount(), 0u);
  auto help = Run("layout --help");
  EXPECT_EQ(help.second, 0);
  EXPECT_EQ(help.first.rfind("Usage: accord layout", 0), 0u) << help.first;
  EXPECT_NE(help.first.find("--community-length L"), std::string::npos) << help.first;
  EXPECT_NE(help.first.find("--community-gap G"), std::string::npos) << help.first;
}

}  // namespace
