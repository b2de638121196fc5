// End-to-end tests of the `accord` binary: --help everywhere, exit codes (0 ok, 1 failure,
// 2 usage) with one-line errors, ingest of the mini fixture corpus, stats, hostile search text,
// export to stdout as valid JSON, -o overwrite protection, export -> import -> export byte
// identity, and the default database location. Each test runs the binary with posix_spawn in a
// scratch HOME, so no shell ever sees the arguments.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace {
namespace fs = std::filesystem;

struct RunResult {
  int exit_code = -1;  // -1: killed by a signal
  int signal = 0;
  std::string out, err;
};

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int CountLines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

class Cli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string templ = (fs::temp_directory_path() / "accord-cli-test-XXXXXX").string();
    ASSERT_NE(::mkdtemp(templ.data()), nullptr);
    root_ = new fs::path(templ);
    fs::create_directories(*root_ / "home");
    // The fixture corpus: tests/data/mini, or a tiny one of our own when it is absent.
    fs::path mini = fs::path(ACCORD_TEST_DATA) / "mini";
    bool has_mini = false;
    std::error_code ec;
    for (auto& e : fs::directory_iterator(mini, ec)) has_mini |= e.is_regular_file();
    if (has_mini) {
      corpus_ = new fs::path(mini);
    } else {
      corpus_ = new fs::path(*root_ / "mini");
      fs::create_directories(*corpus_);
      std::ofstream(*corpus_ / "a.md")
          << "---\ntitle: Bletchley Declaration\n---\n# Bletchley Declaration\n"
             "The United Kingdom hosted the AI Safety Summit at Bletchley Park in November 2023.\n"
             "China and the United States endorsed the Bletchley Declaration.\n";
      std::ofstream(*corpus_ / "b.txt")
          << "OECD AI Principles\nThe OECD adopted the OECD AI Principles in 2019.\n"
             "The G20 endorsed the principles in Osaka.\n";
    }
    db_ = new fs::path(*root_ / "shared.db");
    RunResult r = Run({"ingest", "--db", db_->string(), corpus_->string()});
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(*root_, ec);
    delete root_;
    delete corpus_;
    delete db_;
  }

  // Runs accord with `args` in a scratch environment (HOME and XDG_DATA_HOME under the test
  // root, ACCORD_DB unset unless given).
  static RunResult Run(const std::vector<std::string>& args, const std::string& accord_db = "") {
    static int counter = 0;
    const fs::path out = *root_ / ("out" + std::to_string(counter) + ".txt");
    const fs::path err = *root_ / ("err" + std::to_string(counter++) + ".txt");
    std::vector<std::string> env_strings = {"HOME=" + (*root_ / "home").string(),
                                            "XDG_DATA_HOME=" + (*root_ / "home/xdg").string(),
                                            "PATH=/usr/bin:/bin", "LANG=C.UTF-8"};
    if (!accord_db.empty()) env_strings.push_back("ACCORD_DB=" + accord_db);
    std::vector<char*> env;
    for (auto& s : env_strings) env.push_back(s.data());
    env.push_back(nullptr);
    std::vector<std::string> argv_strings = {ACCORD_CLI};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& s : argv_strings) argv.push_back(s.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid = 0;
    RunResult r;
    int rc = posix_spawn(&pid, ACCORD_CLI, &fa, nullptr, argv.data(), env.data());
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
      r.err = "posix_spawn failed";
      return r;
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
    r.out = ReadAll(out);
    r.err = ReadAll(err);
    return r;
  }

  static void ExpectOneLineError(const RunResult& r, int code) {
    EXPECT_EQ(r.exit_code, code) << r.out << r.err;
    EXPECT_EQ(CountLines(r.err), 1) << r.err;
    EXPECT_EQ(r.err.rfind("accord: ", 0), 0u) << r.err;
  }

  static fs::path* root_;
  static fs::path* corpus_;
  static fs::path* db_;
};

fs::path* Cli::root_ = nullptr;
fs::path* Cli::corpus_ = nullptr;
fs::path* Cli::db_ = nullptr;

const char* const kCommands[] = {"ingest", "remove", "stats",  "search", "show",  "neighbors",
                                 "path",   "export", "import", "brief",  "bench"};

TEST_F(Cli, HelpOnEveryCommandExitsZero) {
  for (const char* cmd : kCommands) {
    RunResult r = Run({cmd, "--help"});
    EXPECT_EQ(r.exit_code, 0) << cmd << ": " << r.err;
    EXPECT_EQ(r.out.rfind(std::string("Usage: accord ") + cmd, 0), 0u) << r.out;
    EXPECT_NE(r.out.find("--db"), std::string::npos) << cmd;
    EXPECT_TRUE(r.err.empty()) << r.err;
    EXPECT_EQ(Run({"help", cmd}).exit_code, 0);
  }
  RunResult top = Run({"--help"});
  EXPECT_EQ(top.exit_code, 0);
  for (const char* cmd : kCommands) EXPECT_NE(top.out.find(cmd), std::string::npos) << cmd;
}

TEST_F(Cli, UsageErrorsExitTwoWithOneLine) {
  ExpectOneLineError(Run({}), 2);
  ExpectOneLineError(Run({"frobnicate"}), 2);
  ExpectOneLineError(Run({"stats", "--nope"}), 2);
  ExpectOneLineError(Run({"search"}), 2);
  ExpectOneLineError(Run({"ingest"}), 2);
  ExpectOneLineError(Run({"path", "only-one"}), 2);
  ExpectOneLineError(Run({"neighbors", "China", "--depth", "abc"}), 2);
  ExpectOneLineError(Run({"neighbors", "China", "--depth"}), 2);
  ExpectOneLineError(Run({"search", "--limit", "-3", "x"}), 2);
  ExpectOneLineError(Run({"export", "--force"}), 2);
  ExpectOneLineError(Run({"export", "--format", "svg"}), 2);
  ExpectOneLineError(Run({"export", "--format", "csv"}), 2);  // two files need -o PREFIX
  ExpectOneLineError(Run({"brief"}), 2);                      // --entity is required
  ExpectOneLineError(Run({"brief", "--entity", "X", "--format", "pdf"}), 2);
  ExpectOneLineError(Run({"bench", "nothing"}), 2);
  ExpectOneLineError(Run({"stats", "--db"}), 2);
}

TEST_F(Cli, EmptyDatabasePathIsRefused) {
  ExpectOneLineError(Run({"ingest", "--db", "", corpus_->string()}), 1);
  ExpectOneLineError(Run({"stats", "--db="}), 1);
}

TEST_F(Cli, QueriesWithoutADatabaseSaySoInOneLine) {
  RunResult r = Run({"stats", "--db", (*root_ / "absent.db").string()});
  ExpectOneLineError(r, 1);
  EXPECT_NE(r.err.find("ingest"), std::string::npos);
}

TEST_F(Cli, IngestPrintsASummaryAndStatsCounts) {
  const std::string db = (*root_ / "ingest.db").string();
  RunResult r = Run({"ingest", "--db", db, corpus_->string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("added"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("entities"), std::string::npos) << r.out;
  EXPECT_TRUE(r.err.empty()) << "no progress bar when stderr is not a terminal: " << r.err;

  RunResult again = Run({"ingest", "--db", db, corpus_->string()});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("added      0"), std::string::npos) << again.out;

  RunResult stats = Run({"stats", "--db", db});
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  EXPECT_NE(stats.out.find("Documents"), std::string::npos);
  EXPECT_NE(stats.out.find("Entity types"), std::string::npos);
  EXPECT_NE(stats.out.find("Relation types"), std::string::npos);
}

TEST_F(Cli, IngestSkipsBadFilesButSucceeds) {
  fs::path dir = *root_ / "mixed";
  fs::create_directories(dir);
  std::ofstream(dir / "good.md") << "# Good\nThe OECD adopted the AI Principles.\n";
  std::ofstream(dir / "bad.txt") << "caf\xE9\n";
  std::ofstream(*root_ / "scan.pdf") << "%PDF-1.5\n";
  RunResult r = Run({"ingest", "--db", (*root_ / "mixed.db").string(), dir.string(),
                     (*root_ / "scan.pdf").string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Skipped 2 files"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("is not valid UTF-8 (line 1)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("scan.pdf is not a readable PDF"), std::string::npos) << r.out;
}

TEST_F(Cli, IngestOfNothingFails) {
  std::ofstream(*root_ / "only.pdf") << "%PDF-1.5\n";
  RunResult r =
      Run({"ingest", "--db", (*root_ / "nothing.db").string(), (*root_ / "only.pdf").string()});
  ExpectOneLineError(r, 1);
}

TEST_F(Cli, DefaultDatabaseFollowsXdgAndAccordDb) {
  RunResult r = Run({"ingest", corpus_->string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(*root_ / "home/xdg/accord/accord.db"));
  const std::string env_db = (*root_ / "env.db").string();
  RunResult e = Run({"ingest", corpus_->string()}, env_db);
  ASSERT_EQ(e.exit_code, 0) << e.err;
  EXPECT_TRUE(fs::exists(env_db));
  EXPECT_EQ(Run({"stats"}, env_db).exit_code, 0);
}

TEST_F(Cli, HostileSearchTextNeverCrashes) {
  const std::vector<std::string> hostile = {"\"",
                                            "'",
                                            "*",
                                            "AND",
                                            "OR NOT",
                                            "NEAR(",
                                            "(",
                                            ")",
                                            "\"unterminated",
                                            "col:val",
                                            "^x",
                                            "-",
                                            "a'b\"c",
                                            "%",
                                            "_",
                                            "\\",
                                            "; DROP TABLE entities; --",
                                            "   ",
                                            "\x1b[31mred",
                                            "中国",
                                            "🙂",
                                            "x*y*z",
                                            "{}[]",
                                            "NOT",
                                            "a OR",
                                            "\"\"",
                                            std::string(5000, 'a'),
                                            "principles AND (",
                                            "-leading",
                                            "--also"};
  for (const std::string& q : hostile) {
    RunResult r = Run({"search", "--db", db_->string(), "--", q});
    EXPECT_EQ(r.signal, 0) << "crashed on: " << q;
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << q << " -> " << r.exit_code << r.err;
    if (r.exit_code == 1) {
      EXPECT_EQ(CountLines(r.err), 1) << q << ": " << r.err;
      EXPECT_EQ(r.err.rfind("accord: ", 0), 0u) << r.err;
    }
    EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << "escape sequence leaked for " << q;
  }
  for (const char* cmd : {"show", "neighbors"}) {
    for (const std::string& q : {std::string("\""), std::string("NEAR("), std::string("*"),
                                 std::string("\x1b[2J"), std::string(3000, 'x')}) {
      RunResult r = Run({cmd, "--db", db_->string(), "--", q});
      EXPECT_EQ(r.signal, 0) << cmd << " crashed on: " << q;
      EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << cmd << " " << q << ": " << r.err;
      if (r.exit_code == 1) {
        EXPECT_EQ(CountLines(r.err), 1) << r.err;
      }
    }
  }
}

TEST_F(Cli, UnknownEntitiesFailInOneLine) {
  ExpectOneLineError(Run({"show", "--db", db_->string(), "Zzyzx Qwerty Foundation"}), 1);
  ExpectOneLineError(Run({"neighbors", "--db", db_->string(), "Zzyzx Qwerty Foundation"}), 1);
  ExpectOneLineError(Run({"path", "--db", db_->string(), "Zzyzx Qwerty", "Qwerty Zzyzx"}), 1);
}

TEST_F(Cli, ExportToStdoutIsValidJson) {
  RunResult r = Run({"export", "--db", db_->string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  rapidjson::Document d;
  d.Parse(r.out.c_str(), r.out.size());
  ASSERT_FALSE(d.HasParseError()) << r.out.substr(0, 200);
  ASSERT_TRUE(d.IsObject());
  EXPECT_STREQ(d["format"].GetString(), "accord-graph");
  EXPECT_TRUE(d["nodes"].IsArray());
  EXPECT_TRUE(d["links"].IsArray());
  EXPECT_GT(d["documents"].Size(), 0u);

  RunResult compact = Run({"export", "--db", db_->string(), "--compact", "--type", "country"});
  ASSERT_EQ(compact.exit_code, 0) << compact.err;
  rapidjson::Document c;
  c.Parse(compact.out.c_str(), compact.out.size());
  ASSERT_FALSE(c.HasParseError());
  for (const auto& n : c["nodes"].GetArray()) EXPECT_STREQ(n["type"].GetString(), "country");
}

TEST_F(Cli, ExportRefusesToOverwriteWithoutForce) {
  const std::string file = (*root_ / "export.json").string();
  ASSERT_EQ(Run({"export", "--db", db_->string(), "-o", file}).exit_code, 0);
  const std::string first = ReadAll(file);
  std::ofstream(file) << "precious";
  RunResult again = Run({"export", "--db", db_->string(), "-o", file});
  ExpectOneLineError(again, 1);
  EXPECT_NE(again.err.find("--force"), std::string::npos);
  EXPECT_EQ(ReadAll(file), "precious");
  ASSERT_EQ(Run({"export", "--db", db_->string(), "-o", file, "--force"}).exit_code, 0);
  EXPECT_EQ(ReadAll(file), first);
}

TEST_F(Cli, ExportWritesEveryFormatToAFile) {
  struct Case {
    const char* format;
    const char* file;
    const char* starts;
  };
  for (const Case& c : {Case{"d3", "f.json", "{\n  \"format\": \"accord-graph\""},
                        Case{"cytoscape", "f.cyjs", "{\n  \"data\": {"},
                        Case{"jgf", "f.jgf.json", "{\n  \"graph\": {"},
                        Case{"graphml", "f.graphml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml"},
                        Case{"gexf", "f.gexf", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gexf"}}) {
    const fs::path file = *root_ / c.file;
    RunResult r = Run({"export", "--db", db_->string(), "--format", c.format, "-o", file.string()});
    ASSERT_EQ(r.exit_code, 0) << c.format << ": " << r.err;
    EXPECT_NE(r.out.find(std::string("(") + c.format + ") to "), std::string::npos) << r.out;
    EXPECT_EQ(ReadAll(file).rfind(c.starts, 0), 0u) << c.format;
    // The same bytes on stdout.
    RunResult s = Run({"export", "--db", db_->string(), "--format", c.format});
    EXPECT_EQ(s.out, ReadAll(file)) << c.format;
  }
}

TEST_F(Cli, CsvExportWritesNodesAndEdgesAndRefusesEither) {
  const fs::path prefix = *root_ / "table";
  RunResult r = Run({"export", "--db", db_->string(), "--format", "csv", "-o", prefix.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string nodes = ReadAll(*root_ / "table.nodes.csv");
  const std::string edges = ReadAll(*root_ / "table.edges.csv");
  EXPECT_EQ(nodes.rfind("id,label,type,aliases,degree,documents,mention_count\r\n", 0), 0u);
  EXPECT_EQ(edges.rfind("id,source,target,source_label,target_label,type,kind,", 0), 0u);
  EXPECT_NE(nodes.find(",country,"), std::string::npos);
  // Only the edges file exists: still refused, and nothing is written.
  fs::remove(*root_ / "table.nodes.csv");
  std::ofstream(*root_ / "table.edges.csv") << "precious";
  RunResult again = Run({"export", "--db", db_->string(), "--format", "csv", "-o", prefix.string()});
  ExpectOneLineError(again, 1);
  EXPECT_NE(again.err.find("table.edges.csv already exists; add --force"), std::string::npos);
  EXPECT_FALSE(fs::exists(*root_ / "table.nodes.csv"));
  EXPECT_EQ(ReadAll(*root_ / "table.edges.csv"), "precious");
}

TEST_F(Cli, ExportIntoAMissingFolderFailsInOneLineAndLeavesNothing) {
  const fs::path file = *root_ / "no-such-folder" / "g.graphml";
  ExpectOneLineError(Run({"export", "--db", db_->string(), "--format", "graphml", "-o", file.string()}), 1);
  EXPECT_FALSE(fs::exists(file.parent_path()));
}

TEST_F(Cli, BriefWritesMarkdownAndStandaloneHtml) {
  // In tests/data/mini (the fallback corpus has no such list; the fixture ships with the repo).
  const char* kEntity = "Recommendation on Artificial Intelligence";
  const fs::path md = *root_ / "brief.md";
  const fs::path html = *root_ / "brief.html";
  RunResult a = Run({"brief", "--db", db_->string(), "--entity", kEntity, "-o", md.string()});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_NE(a.out.find("Wrote a briefing on"), std::string::npos);
  const std::string m = ReadAll(md);
  EXPECT_EQ(m.rfind("# Recommendation on Artificial Intelligence\n", 0), 0u) << m;
  EXPECT_NE(m.find("## Key relations"), std::string::npos);
  EXPECT_NE(m.find("1. Recommendation on Artificial Intelligence is built on seven principles:\n\n"
                   "   - inclusive growth\n"), std::string::npos) << m;
  EXPECT_NE(m.find("2. The OECD adopted Recommendation on Artificial Intelligence on 22 May 2019.\n"), std::string::npos) << m;
  EXPECT_NE(m.find("*OECD and G20 AI Principles*, para. 1 [1]"), std::string::npos) << m;
  EXPECT_NE(m.find("## Sources\n\n1. *OECD and G20 AI Principles*"), std::string::npos) << m;

  RunResult b = Run({"brief", "--db", db_->string(), "--entity", kEntity, "-o", html.string()});
  ASSERT_EQ(b.exit_code, 0) << b.err;
  const std::string h = ReadAll(html);
  EXPECT_EQ(h.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(h.find("<svg "), std::string::npos);
  // --format overrides the extension; stdout works too.
  RunResult c = Run({"brief", "--db", db_->string(), "--entity", kEntity, "--format", "html"});
  EXPECT_EQ(c.out, h);

  std::ofstream(md) << "precious";
  RunResult again = Run({"brief", "--db", db_->string(), "--entity", kEntity, "-o", md.string()});
  ExpectOneLineError(again, 1);
  EXPECT_NE(again.err.find("--force"), std::string::npos);
  EXPECT_EQ(ReadAll(md), "precious");
  ASSERT_EQ(Run({"brief", "--db", db_->string(), "--entity", kEntity, "-o", md.string(), "--force"}).exit_code, 0);
  EXPECT_EQ(ReadAll(md), m);
  ExpectOneLineError(Run({"brief", "--db", db_->string(), "--entity", "Nothing Like This Exists"}), 1);
}

TEST_F(Cli, ExportImportExportIsByteIdentical) {
  RunResult a = Run({"export", "--db", db_->string()});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  const fs::path file = *root_ / "roundtrip.json";
  std::ofstream(file, std::ios::binary) << a.out;
  const std::string fresh = (*root_ / "fresh.db").string();
  RunResult imp = Run({"import", "--db", fresh, file.string()});
  ASSERT_EQ(imp.exit_code, 0) << imp.err;
  RunResult b = Run({"export", "--db", fresh});
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_EQ(a.out, b.out);
}

TEST_F(Cli, ImportRejectsBadJsonInOneLine) {
  const fs::path bad = *root_ / "bad.json";
  std::ofstream(bad) << "{\"format\": \"accord-graph\", \"version\": 1, \"nodes\": [";
  ExpectOneLineError(Run({"import", "--db", (*root_ / "bad.db").string(), bad.string()}), 1);
}

TEST_F(Cli, ShowNeighborsAndPathOnAKnownEntity) {
  // Take an entity with a relation from the export, then ask about it by name.
  RunResult ex = Run({"export", "--db", db_->string(), "--compact", "--stated-only"});
  ASSERT_EQ(ex.exit_code, 0);
  rapidjson::Document d;
  d.Parse(ex.out.c_str(), ex.out.size());
  ASSERT_FALSE(d.HasParseError());
  if (d["links"].Empty()) GTEST_SKIP() << "the extractor found no relations in the fixture yet";
  const auto& link = d["links"][0];
  std::string source, target;
  for (const auto& n : d["nodes"].GetArray()) {
    if (n["id"].GetInt64() == link["source"].GetInt64()) source = n["label"].GetString();
    if (n["id"].GetInt64() == link["target"].GetInt64()) target = n["label"].GetString();
  }
  RunResult show = Run({"show", "--db", db_->string(), source});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("Mentions"), std::string::npos);
  EXPECT_NE(show.out.find("Relations"), std::string::npos);
  RunResult nb = Run({"neighbors", "--db", db_->string(), source, "--depth", "2"});
  ASSERT_EQ(nb.exit_code, 0) << nb.err;
  EXPECT_NE(nb.out.find("hop"), std::string::npos);
  RunResult path = Run({"path", "--db", db_->string(), source, target});
  ASSERT_EQ(path.exit_code, 0) << path.err;
  EXPECT_NE(path.out.find("1 hop"), std::string::npos) << path.out;
  RunResult sub = Run({"export", "--db", db_->string(), "--entity", source, "--depth", "1"});
  ASSERT_EQ(sub.exit_code, 0) << sub.err;
}

TEST_F(Cli, RemoveDropsADocument) {
  const std::string db = (*root_ / "remove.db").string();
  ASSERT_EQ(Run({"ingest", "--db", db, corpus_->string()}).exit_code, 0);
  fs::path first;
  for (auto& e : fs::directory_iterator(*corpus_)) {
    if (first.empty() || e.path() < first) first = e.path();
  }
  RunResult r = Run({"remove", "--db", db, first.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Removed 1 document"), std::string::npos) << r.out;
  ExpectOneLineError(Run({"remove", "--db", db, first.string()}), 1);
}

TEST_F(Cli, BenchRunsOnATinyCorpus) {
  RunResult r = Run({"bench", "ingest", "--size-mb", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("MB/s"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("stage 100%"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("search"), std::string::npos) << r.out;
}

}  // namespace
