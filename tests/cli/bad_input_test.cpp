// Bad input through the real `accord` binary: every case gets one line on stderr (starting
// "accord: ", naming the file and, where it applies, the line), a non-zero exit, and leaves the
// database byte for byte as it was. Covers what the unit tests of the reader, the JSON reader
// and the store check one layer down, end to end: empty, binary (PNG, ELF, ZIP), invalid UTF-8
// in the middle of a file, UTF-16, a missing path, extremely long names, hostile search text,
// bad imports (malformed, truncated, deeply nested, huge numbers, links to missing nodes), a
// database that is not SQLite, truncated, corrupted, from a newer schema, read-only, and a full
// disk (RLIMIT_FSIZE). Files that are accepted (UTF-8 BOM, CRLF, lone CR) keep exact offsets.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <map>

#include "generated_corpus.hpp"
#include "run_util.hpp"

namespace accord::testing {
namespace {

constexpr uid_t kNobody = 65534;

class BadInput : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scratch_ = new ScratchDir("bad-input");
    base_db_ = new fs::path(*scratch_ / "base.db");
    ::chmod(scratch_->path().c_str(), 0755);  // tests that run a command as "nobody" enter it
    RunResult r = RunAccord({"ingest", "--db", base_db_->string(),
                             (fs::path(ACCORD_TEST_DATA) / "mini").string()},
                            scratch_->path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() {
    delete base_db_;
    delete scratch_;
  }

  void SetUp() override {
    dir_ = *scratch_ / ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::create_directories(dir_);
    db_ = dir_ / "graph.db";
    fs::copy_file(*base_db_, db_);
    before_ = ReadBytes(db_);
  }

  RunResult Run(const std::vector<std::string>& args, const RunOptions& options = {}) {
    return RunAccord(args, dir_, options);
  }

  fs::path Write(const std::string& name, const std::string& bytes) {
    WriteBytes(dir_ / name, bytes);
    return dir_ / name;
  }

  // One line on stderr holding every fragment; exit status `code`.
  static void ExpectOneLine(const RunResult& r, const std::vector<std::string>& fragments,
                            int code = 1) {
    EXPECT_EQ(r.signal, 0) << "killed by signal " << r.signal << ": " << r.err;
    EXPECT_EQ(r.exit_code, code) << r.out << r.err;
    EXPECT_EQ(CountLines(r.err), 1) << r.err;
    EXPECT_EQ(r.err.rfind("accord: ", 0), 0u) << r.err;
    for (const std::string& f : fragments) {
      EXPECT_NE(r.err.find(f), std::string::npos) << "missing [" << f << "] in: " << r.err;
    }
  }

  // The database file holds exactly the bytes it had, and no journal was left beside it.
  void ExpectDatabaseUnchanged() {
    EXPECT_TRUE(ReadBytes(db_) == before_) << db_ << " changed";
    const fs::path wal = db_.string() + "-wal";
    EXPECT_FALSE(fs::exists(wal) && fs::file_size(wal) > 0) << "a write-ahead log was left";
  }

  static ScratchDir* scratch_;
  static fs::path* base_db_;
  fs::path dir_, db_;
  std::string before_;
};

ScratchDir* BadInput::scratch_ = nullptr;
fs::path* BadInput::base_db_ = nullptr;

// ---- documents -------------------------------------------------------------------------------

struct BadFile {
  const char* name;
  std::string bytes;
  std::vector<std::string> fragments;  // besides the file name
};

TEST_F(BadInput, EveryRefusedFileSaysWhyInOneLineAndChangesNothing) {
  std::string utf16;
  for (char c : std::string("The Seoul Declaration.\n")) utf16 += std::string{c, '\0'};
  const std::vector<BadFile> files = {
      {"empty.md", "", {"is empty"}},
      {"blank.txt", " \n\t\r\n\n", {"is empty"}},
      {"chart.txt", std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\0\x10", 20), {"PNG"}},
      {"tool.md", std::string("\x7F" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0", 18), {"ELF"}},
      {"archive.txt", std::string("PK\x03\x04\x14\0\0\0\x08\0", 10) + "notes.txt", {"ZIP"}},
      {"latin1.md",
       "# Title\nThe OECD adopted the principles.\n\nMore text here.\nNa\xEFve caf\xE9 line.\n",
       {"not valid UTF-8", "(line 5)"}},
      {"mid.txt", std::string(5000, 'a') + "\n" + std::string(3000, 'b') + "\xC3\x28 tail\n",
       {"not valid UTF-8", "(line 2)"}},
      {"utf16le.txt", "\xFF\xFE" + utf16, {"UTF-16"}},
      {"utf16be.md", std::string("\xFE\xFF\0T\0h\0e\0\n", 10), {"UTF-16"}},
      {"nul.md", std::string("# Notes\nsome text\0\0\0 and more\n", 31), {"binary"}},
  };
  for (const BadFile& f : files) {
    SCOPED_TRACE(f.name);
    const fs::path p = Write(f.name, f.bytes);
    RunResult r = Run({"ingest", "--db", db_.string(), p.string()});
    std::vector<std::string> want = f.fragments;
    want.push_back(f.name);
    ExpectOneLine(r, want);
    ExpectDatabaseUnchanged();
  }
}

TEST_F(BadInput, MissingPathAndAFolderWithNothingToRead) {
  ExpectOneLine(Run({"ingest", "--db", db_.string(), (dir_ / "nope.md").string()}),
                {"nope.md", "does not exist"});
  ExpectDatabaseUnchanged();
  fs::create_directories(dir_ / "pictures");
  Write("pictures/a.png", "\x89PNG");
  ExpectOneLine(Run({"ingest", "--db", db_.string(), (dir_ / "pictures").string()}),
                {"nothing to ingest"});
  ExpectDatabaseUnchanged();
  // Several bad files: the line counts them and names the first.
  const fs::path a = Write("a.md", ""), b = Write("b.txt", "caf\xE9\n");
  RunResult r = Run({"ingest", "--db", db_.string(), a.string(), b.string()});
  ExpectOneLine(r, {"2 files were skipped", "a.md is empty"});
  ExpectDatabaseUnchanged();
}

TEST_F(BadInput, BomCrlfAndLoneCrKeepExactOffsets) {
  // The same document four ways: LF, CRLF, lone CR, and UTF-8 BOM + CRLF. Each ingests; the
  // entities and relations are the same; every mention's and evidence's span, cut from the
  // file's own bytes, gives the same text as in the LF version.
  const std::string lf =
      "# The Seoul Declaration\n"
      "The Republic of Korea and the United Kingdom co-hosted the AI Seoul Summit in May 2024.\n"
      "Leaders adopted the Seoul Declaration.\n"
      "The OECD endorsed the Seoul Declaration in Paris.\n";
  auto with = [&](const std::string& eol, const std::string& bom) {
    std::string s = bom;
    for (char c : lf) s += c == '\n' ? eol : std::string(1, c);
    return s;
  };
  const std::map<std::string, std::string> variants = {
      {"lf.md", lf}, {"crlf.md", with("\r\n", "")}, {"cr.md", with("\r", "")},
      {"bom_crlf.md", with("\r\n", "\xEF\xBB\xBF")}};
  std::map<std::string, std::multiset<std::string>> seen;  // variant -> "type|text" lines
  for (const auto& [name, bytes] : variants) {
    SCOPED_TRACE(name);
    const fs::path file = Write("v/" + name, bytes);
    const fs::path db = dir_ / (name + ".db");
    RunResult ing = Run({"ingest", "--db", db.string(), file.string()});
    ASSERT_EQ(ing.exit_code, 0) << ing.err << ing.out;
    RunResult exp = Run({"export", "--db", db.string()});
    ASSERT_EQ(exp.exit_code, 0) << exp.err;
    rapidjson::Document d;
    d.Parse(exp.out.c_str(), exp.out.size());
    ASSERT_FALSE(d.HasParseError());
    for (const auto& n : d["nodes"].GetArray()) {
      for (const auto& m : n["mentions"].GetArray()) {
        const uint32_t start = m["start"].GetUint(), end = m["end"].GetUint();
        ASSERT_LE(end, bytes.size());
        const std::string text = bytes.substr(start, end - start);
        EXPECT_EQ(text.find_first_of("\r\n"), std::string::npos) << text;
        seen[name].insert(std::string(n["type"].GetString()) + "|" + text);
      }
    }
    for (const auto& l : d["links"].GetArray()) {
      for (const auto& e : l["evidence"].GetArray()) {
        const uint32_t start = e["start"].GetUint(), end = e["end"].GetUint();
        ASSERT_LE(end, bytes.size());
        EXPECT_EQ(bytes.substr(start, end - start), e["text"].GetString());
        seen[name].insert(std::string(l["type"].GetString()) + "|" + e["text"].GetString());
      }
    }
  }
  ASSERT_FALSE(seen["lf.md"].empty());
  EXPECT_EQ(seen["crlf.md"], seen["lf.md"]);
  EXPECT_EQ(seen["cr.md"], seen["lf.md"]);
  EXPECT_EQ(seen["bom_crlf.md"], seen["lf.md"]);
}

TEST_F(BadInput, UnreadableFilesAndSymlinkLoopsAreSkippedAndTheRestGoIn) {
  // Root reads every file whatever its mode, so the ingest runs as "nobody" (the test runs as
  // root in CI); as any other user the modes alone do it.
  const bool root = ::geteuid() == 0;
  const fs::path docs = dir_ / "docs";
  Write("docs/good.md", "# Good\nThe OECD adopted the OECD AI Principles in 2019.\n");
  Write("docs/sub/also.txt", "UNESCO adopted the Recommendation on the Ethics of AI.\n");
  const fs::path secret = Write("docs/secret.md", "# Secret\nChina hosted WAIC.\n");
  Write("docs/locked/inner.md", "# Inner\nFrance hosted the AI Action Summit.\n");
  fs::create_directory_symlink(docs, docs / "sub/loop");
  fs::create_symlink(docs / "gone.md", docs / "dangling.md");
  ::chmod(secret.c_str(), 0);
  ::chmod((docs / "locked").c_str(), 0);
  RunOptions as;
  if (root) {
    as.uid = kNobody;
    ::chown(dir_.c_str(), kNobody, kNobody);
    ::chown(db_.c_str(), kNobody, kNobody);
  }
  RunResult r = Run({"ingest", "--db", db_.string(), docs.string()}, as);
  ::chmod((docs / "locked").c_str(), 0755);
  if (r.exit_code == 125) GTEST_SKIP() << "cannot switch to user nobody here";
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("added      2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("secret.md cannot be read"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("locked cannot be read"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("symbolic link loop"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("dangling.md is a broken symbolic link"), std::string::npos) << r.out;
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST_F(BadInput, ExtremelyLongNames) {
  // A file name of 255 bytes (the longest Linux allows), in two-byte characters.
  std::string name;
  while (name.size() + 2 <= 252) name += "\xC3\xA9";
  name += ".md";
  ASSERT_LE(name.size(), 255u);
  const fs::path file = Write(name, "# Long\nThe OECD adopted the OECD AI Principles.\n");
  RunResult ok = Run({"ingest", "--db", db_.string(), file.string()});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  RunResult rm = Run({"remove", "--db", db_.string(), file.string()});
  EXPECT_EQ(rm.exit_code, 0) << rm.err;

  // A name one byte too long, and a --db path past PATH_MAX: refused in one line each.
  before_ = ReadBytes(db_);
  ExpectOneLine(Run({"ingest", "--db", db_.string(), (dir_ / std::string(256, 'n')).string()}),
                {"nnnn"});
  ExpectDatabaseUnchanged();
  std::string deep = dir_.string();
  while (deep.size() < 5000) deep += "/" + std::string(200, 'd');
  RunResult too_long = Run({"ingest", "--db", deep + "/g.db", file.string()});
  ExpectOneLine(too_long, {});
  RunResult stats = Run({"stats", "--db", deep + "/g.db"});
  ExpectOneLine(stats, {});

  // An entity name of 60,000 bytes (a capitalised phrase that never ends) and a 255-byte
  // title: ingested, shown and exported.
  std::string phrase;
  for (int i = 0; phrase.size() < 60000; ++i) phrase += (i ? " " : "") + std::string("Alpha");
  const fs::path huge = Write("huge.md", "# " + std::string(300, 'T') + "\nThe " + phrase +
                                             " Initiative was adopted by China in 2024.\n");
  RunResult big = Run({"ingest", "--db", db_.string(), huge.string()});
  ASSERT_EQ(big.exit_code, 0) << big.err;
  RunResult exp = Run({"export", "--db", db_.string(), "--compact"});
  ASSERT_EQ(exp.exit_code, 0) << exp.err;
  rapidjson::Document d;
  d.Parse(exp.out.c_str(), exp.out.size());
  EXPECT_FALSE(d.HasParseError());
  RunResult show = Run({"show", "--db", db_.string(), "China"});
  EXPECT_EQ(show.exit_code, 0) << show.err;
  RunResult search = Run({"search", "--db", db_.string(), "--", phrase});
  EXPECT_EQ(search.signal, 0);
  EXPECT_TRUE(search.exit_code == 0 || search.exit_code == 1) << search.err;
}

// ---- search ----------------------------------------------------------------------------------

TEST_F(BadInput, HostileSearchTextLeavesTheDatabaseByteIdentical) {
  const std::vector<std::string> hostile = {
      "\"", "\"\"", "'", "*", "^", "(", ")", "AND", "OR", "NOT", "NEAR", "NEAR(a b, 1)",
      "a AND (b OR", "\"unterminated phrase", "x* AND ^y", "col:val", "{a b}:c",
      "'; DROP TABLE documents; --", "1; DELETE FROM entities", "-- comment", "/* c */",
      "%", "_", "\\", "\x01\x02\x7f", "\xFF\xFE broken utf-8", "\xC3", "OECD\" OR \"1\"=\"1",
      "oecd*\"*\"", "NEAR(\"OECD\" \"G20\", -1)", "a\nb", std::string(100000, '(')};
  for (const std::string& q : hostile) {
    for (const char* cmd : {"search", "show", "neighbors"}) {
      RunResult r = Run({cmd, "--db", db_.string(), "--", q});
      EXPECT_EQ(r.signal, 0) << cmd << " crashed on " << q.substr(0, 40);
      EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << cmd << " " << q.substr(0, 40);
      if (r.exit_code == 1) {
        EXPECT_EQ(CountLines(r.err), 1) << r.err;
      }
    }
  }
  ExpectDatabaseUnchanged();
}

// ---- import ----------------------------------------------------------------------------------

TEST_F(BadInput, BadImportsAreRefusedInOneLineAndChangeNothing) {
  const std::string head = R"({"format":"accord-graph","version":1,)";
  const std::vector<std::pair<std::string, std::string>> files = {
      {"empty.json", ""},
      {"malformed.json", "{\n  \"format\": \"accord-graph\",\n  \"version\": 1,,\n}"},
      {"truncated.json", head + R"("nodes":[{"id":1,"label":"OEC)"},
      {"nested.json", head + "\"nodes\":" + std::string(200000, '[')},
      {"huge_number.json", head + R"("nodes":[{"id":1e999,"label":"a","type":"t"}]})"},
      {"huge_integer.json",
       head + R"("nodes":[{"id":99999999999999999999999,"label":"a","type":"t"}]})"},
      {"negative_offset.json",
       head + R"("documents":[{"id":1,"path":"p"}],"nodes":[{"id":1,"label":"a","type":"t",)"
              R"("mentions":[{"document":1,"start":-5,"end":2}]}]})"},
      {"missing_node.json", head + R"("nodes":[{"id":1,"label":"a","type":"t"}],)"
                                   R"("links":[{"id":1,"source":1,"target":42,"type":"x"}]})"},
      {"missing_document.json",
       head + R"("nodes":[{"id":1,"label":"a","type":"t","documents":[9]}]})"},
      {"wrong_format.json", R"({"format":"something-else","version":1})"},
      {"newer_version.json", R"({"format":"accord-graph","version":99})"},
      {"not_json.json", std::string("\x89PNG\r\n\x1A\n", 8)},
      {"array.json", "[1,2,3]"},
  };
  for (const auto& [name, bytes] : files) {
    SCOPED_TRACE(name);
    const fs::path p = Write(name, bytes);
    ExpectOneLine(Run({"import", "--db", db_.string(), p.string()}), {name});
    ExpectDatabaseUnchanged();
  }
  ExpectOneLine(Run({"import", "--db", db_.string(), (dir_ / "absent.json").string()}),
                {"absent.json"});
  ExpectOneLine(Run({"import", "--db", db_.string(), dir_.string()}), {});
  ExpectDatabaseUnchanged();
}

// ---- the database file -----------------------------------------------------------------------

void RawExec(const fs::path& db, const char* sql) {
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(h, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(h);
  sqlite3_close(h);
}

TEST_F(BadInput, DatabasesThatAreNotOursOrDamagedAreRefusedUntouched) {
  const fs::path docs = Write("docs/a.md", "# A\nThe OECD adopted the OECD AI Principles.\n");
  std::string noise(64 * 1024, '\0');
  uint32_t x = 7;
  for (char& c : noise) c = static_cast<char>((x = x * 1664525u + 1013904223u) >> 24);
  const std::string valid = ReadBytes(db_);
  ASSERT_GT(valid.size(), 16384u);
  std::string corrupted = valid;  // the header survives; pages after the first are noise
  for (size_t i = 8192; i < corrupted.size(); ++i) corrupted[i] = noise[i % noise.size()];
  std::string truncated = valid.substr(0, valid.size() / 2 + 1000);  // cut mid-page
  const std::vector<std::pair<std::string, std::string>> files = {
      {"notes.txt", "These are my notes, not a database.\n"},
      {"noise.db", noise},
      {"truncated.db", truncated},
      {"corrupted.db", corrupted},
      {"json.db", "{\"format\":\"accord-graph\",\"version\":1}"},
  };
  for (const auto& [name, bytes] : files) {
    SCOPED_TRACE(name);
    const fs::path db = Write(name, bytes);
    const std::vector<std::vector<std::string>> commands = {
        {"ingest", "--db", db.string(), docs.string()},
        {"stats", "--db", db.string()},
        {"search", "--db", db.string(), "OECD"},
        {"export", "--db", db.string()},
        {"remove", "--db", db.string(), docs.string()},
    };
    for (const auto& args : commands) {
      SCOPED_TRACE(args[0]);
      RunResult r = Run(args);
      EXPECT_EQ(r.signal, 0);
      // A damaged database may still answer some reads; what it must never do is crash, print
      // more than one line of error, or be written to.
      if (r.exit_code != 0) {
        ExpectOneLine(r, {});
      }
      EXPECT_TRUE(ReadBytes(db) == bytes) << name << " was modified by " << args[0];
    }
  }
  // A foreign SQLite database (someone else's tables) is named as such and left alone.
  const fs::path foreign = dir_ / "foreign.db";
  RawExec(foreign, "CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT);"
                   "INSERT INTO customers(name) VALUES ('Ada')");
  const std::string foreign_bytes = ReadBytes(foreign);
  ExpectOneLine(Run({"ingest", "--db", foreign.string(), docs.string()}),
                {"foreign.db", "not an Accord database"});
  EXPECT_TRUE(ReadBytes(foreign) == foreign_bytes);
}

TEST_F(BadInput, NewerSchemaIsRefusedUntouched) {
  RawExec(db_, "PRAGMA user_version = 99");
  before_ = ReadBytes(db_);
  const fs::path docs = Write("docs/a.md", "# A\nThe OECD adopted the OECD AI Principles.\n");
  const fs::path graph = Write("g.json", R"({"format":"accord-graph","version":1})");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"ingest", "--db", db_.string(), docs.string()},
        {"stats", "--db", db_.string()},
        {"import", "--db", db_.string(), graph.string()}}) {
    ExpectOneLine(Run(args), {"graph.db", "newer Accord"});
    ExpectDatabaseUnchanged();
  }
}

TEST_F(BadInput, ReadOnlyDatabaseReadsButRefusesWrites) {
  // Root writes any file whatever its mode: as root the commands run as "nobody" against a
  // database owned by root (mode 0644, in a folder nobody cannot write); as anyone else the
  // file and its folder are made read-only.
  const fs::path docs = Write("docs/a.md", "# A\nThe OECD adopted the OECD AI Principles.\n");
  RunOptions as;
  if (::geteuid() == 0) {
    as.uid = kNobody;
  } else {
    ::chmod(db_.c_str(), 0444);
    ::chmod(dir_.c_str(), 0555);
  }
  RunResult stats = Run({"stats", "--db", db_.string()}, as);
  if (stats.exit_code == 125) GTEST_SKIP() << "cannot switch to user nobody here";
  EXPECT_EQ(stats.exit_code, 0) << stats.err;
  EXPECT_NE(stats.out.find("Documents"), std::string::npos);
  RunResult search = Run({"search", "--db", db_.string(), "OECD"}, as);
  EXPECT_EQ(search.exit_code, 0) << search.err;
  ExpectOneLine(Run({"ingest", "--db", db_.string(), docs.string()}, as), {"graph.db"});
  ExpectOneLine(Run({"remove", "--db", db_.string(), docs.string()}, as), {});
  ::chmod(dir_.c_str(), 0755);
  ExpectDatabaseUnchanged();
  EXPECT_FALSE(fs::exists(db_.string() + "-shm")) << "a read-only run created files";
}

TEST_F(BadInput, FullDiskFailsInOneLineAndKeepsWhatWasThere) {
  // No file the ingest writes may grow past 256 KiB (setrlimit RLIMIT_FSIZE, like a full
  // disk): the first document alone is bigger than that, so its transaction cannot commit.
  const fs::path docs = dir_ / "docs";
  std::string big = "# Big\n";
  while (big.size() < 600 * 1024) {
    big += "The OECD adopted the OECD AI Principles in Paris in May 2019 with Japan and Chile.\n";
  }
  Write("docs/big.md", big);
  GenerateCorpus(docs, 20, 7);
  RunOptions full;
  full.max_file_bytes = std::max<rlim_t>(ReadBytes(db_).size(), 256 * 1024);
  RunResult r = Run({"ingest", "--db", db_.string(), docs.string()}, full);
  ExpectOneLine(r, {"graph.db"});
  ExpectDatabaseUnchanged();
  RunResult check = Run({"stats", "--db", db_.string()});
  EXPECT_EQ(check.exit_code, 0) << check.err;
  // With room again, the same ingest goes through.
  RunResult again = Run({"ingest", "--db", db_.string(), docs.string()});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("added      21"), std::string::npos) << again.out;
}

}  // namespace
}  // namespace accord::testing
