// Store fault tests: files that are not Accord databases, damaged files, a newer schema,
// read-only files and connections, and a database locked by another writer.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>

#include "accord/graph/store.hpp"
#include "graph_test_util.hpp"

namespace accord::graph {
namespace {

using testing::DocBuilder;
using testing::OpenOrDie;
using testing::TempDir;
using testing::WriteFile;

DocumentRec SmallDoc(const std::string& path = "/docs/x.md") {
  DocBuilder b(path, "Alpha Labs trained Beta Model.");
  const uint32_t a = b.Entity("Alpha Labs", "organization");
  const uint32_t m = b.Entity("Beta Model", "model");
  b.Mention(a, "Alpha Labs").Mention(m, "Beta Model");
  b.Relation(a, m, "trained", "trained");
  return b.doc();
}

void RawExec(const std::filesystem::path& path, const char* sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);
}

TEST(StoreFault, TextFileIsNotADatabase) {
  TempDir dir;
  const auto path = dir / "notes.txt";
  WriteFile(path, std::string(3000, 'x') + "\nThis is not a database at all.\n");
  auto store = Store::Open(path);
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, ErrorCode::kDatabase);
  EXPECT_NE(store.error().message.find(path.string()), std::string::npos);
  EXPECT_EQ(store.error().message.find('\n'), std::string::npos);
}

TEST(StoreFault, GarbageFileIsNotADatabase) {
  TempDir dir;
  const auto path = dir / "garbage.db";
  std::string bytes(16384, '\0');
  uint32_t x = 12345;
  for (char& c : bytes) {
    x = x * 1103515245u + 12345u;
    c = static_cast<char>(x >> 24);
  }
  WriteFile(path, bytes);
  auto store = Store::Open(path);
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, ErrorCode::kDatabase);
}

TEST(StoreFault, TruncatedDatabaseFailsCleanly) {
  TempDir dir;
  const auto path = dir / "a.db";
  {
    Store store = OpenOrDie(path);
    for (int i = 0; i < 20; ++i)
      ASSERT_TRUE(store.IngestDocument(SmallDoc("/docs/" + std::to_string(i) + ".md")).has_value());
  }
  const auto size = std::filesystem::file_size(path);
  ASSERT_GT(size, 8192u);
  std::filesystem::resize_file(path, 6000);  // cuts a page in half
  auto store = Store::Open(path);
  if (!store) {
    EXPECT_EQ(store.error().code, ErrorCode::kDatabase);
    return;
  }
  auto stats = store->GetStats();
  auto graph = store->LoadGraph();
  EXPECT_TRUE(!stats.has_value() || !graph.has_value());
  if (!graph) {
    EXPECT_EQ(graph.error().code, ErrorCode::kDatabase);
    EXPECT_NE(graph.error().message.find(path.string()), std::string::npos);
  }
}

TEST(StoreFault, ForeignSqliteFileIsRejected) {
  TempDir dir;
  const auto path = dir / "other.db";
  RawExec(path, "CREATE TABLE customers(id INTEGER, name TEXT)");
  auto store = Store::Open(path);
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, ErrorCode::kDatabase);
  EXPECT_NE(store.error().message.find("not an Accord database"), std::string::npos);
}

TEST(StoreFault, NewerSchemaIsRefused) {
  TempDir dir;
  const auto path = dir / "a.db";
  { Store store = OpenOrDie(path); }
  RawExec(path, "PRAGMA user_version = 7");
  for (OpenMode mode : {OpenMode::kReadWrite, OpenMode::kReadOnly}) {
    auto store = Store::Open(path, mode);
    ASSERT_FALSE(store.has_value());
    EXPECT_EQ(store.error().code, ErrorCode::kSchemaTooNew);
    EXPECT_NE(store.error().message.find("was written by a newer Accord (schema 7; this build "
                                         "reads up to " +
                                         std::to_string(kSchemaVersion) + ")"),
              std::string::npos)
        << store.error().message;
  }
}

TEST(StoreFault, ReadOnlyModeReadsButRefusesWrites) {
  TempDir dir;
  const auto path = dir / "a.db";
  {
    Store store = OpenOrDie(path);
    ASSERT_TRUE(store.IngestDocument(SmallDoc()).has_value());
  }
  Store store = OpenOrDie(path, OpenMode::kReadOnly);
  EXPECT_EQ(store.GetStats()->entities, 2);
  EXPECT_FALSE(store.Search("alpha")->empty());
  auto ingest = store.IngestDocument(SmallDoc("/docs/y.md"));
  ASSERT_FALSE(ingest.has_value());
  EXPECT_EQ(ingest.error().code, ErrorCode::kReadOnly);
  EXPECT_NE(ingest.error().message.find(path.string()), std::string::npos);
  EXPECT_EQ(store.RemoveDocument("/docs/x.md").error().code, ErrorCode::kReadOnly);
  EXPECT_EQ(store.ImportGraph(GraphData{}).error().code, ErrorCode::kReadOnly);
  EXPECT_EQ(store.GetStats()->documents, 1);
}

TEST(StoreFault, ReadOnlyModeDoesNotCreateOrMigrate) {
  TempDir dir;
  auto missing = Store::Open(dir / "missing.db", OpenMode::kReadOnly);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(dir / "missing.db"));
  WriteFile(dir / "empty.db", "");
  auto empty = Store::Open(dir / "empty.db", OpenMode::kReadOnly);
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(std::filesystem::file_size(dir / "empty.db"), 0u);
}

TEST(StoreFault, ReadOnlyFileRefusesWrites) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores file permissions";
  TempDir dir;
  const auto path = dir / "a.db";
  {
    Store store = OpenOrDie(path);
    ASSERT_TRUE(store.IngestDocument(SmallDoc()).has_value());
  }
  ASSERT_EQ(::chmod(path.c_str(), 0444), 0);
  auto store = Store::Open(path);
  ASSERT_TRUE(store.has_value()) << store.error().message;
  EXPECT_EQ(store->GetStats()->documents, 1);
  auto ingest = store->IngestDocument(SmallDoc("/docs/y.md"));
  ASSERT_FALSE(ingest.has_value());
  EXPECT_EQ(ingest.error().code, ErrorCode::kReadOnly);
  ::chmod(path.c_str(), 0644);
}

TEST(StoreFault, LockedDatabaseTimesOutWithKLocked) {
  TempDir dir;
  const auto path = dir / "a.db";
  ::setenv("ACCORD_BUSY_TIMEOUT_MS", "100", 1);
  Store store = OpenOrDie(path);
  ::unsetenv("ACCORD_BUSY_TIMEOUT_MS");
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  const auto t0 = std::chrono::steady_clock::now();
  auto ingest = store.IngestDocument(SmallDoc());
  const auto waited = std::chrono::steady_clock::now() - t0;
  ASSERT_FALSE(ingest.has_value());
  EXPECT_EQ(ingest.error().code, ErrorCode::kLocked);
  EXPECT_NE(ingest.error().message.find(path.string()), std::string::npos);
  EXPECT_LT(waited, std::chrono::seconds(3));
  // Readers are not blocked by the writer (WAL).
  EXPECT_TRUE(store.GetStats().has_value());
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  EXPECT_TRUE(store.IngestDocument(SmallDoc()).has_value());
}

TEST(StoreFault, DefaultDatabasePathFollowsEnvironment) {
  const char* saved_db = std::getenv("ACCORD_DB");
  const char* saved_xdg = std::getenv("XDG_DATA_HOME");
  const char* saved_home = std::getenv("HOME");
  const std::string keep_db = saved_db ? saved_db : "", keep_xdg = saved_xdg ? saved_xdg : "",
                    keep_home = saved_home ? saved_home : "";
  ::setenv("ACCORD_DB", "/tmp/x/explicit.db", 1);
  EXPECT_EQ(DefaultDatabasePath(), "/tmp/x/explicit.db");
  ::unsetenv("ACCORD_DB");
  ::setenv("XDG_DATA_HOME", "/tmp/xdg", 1);
  EXPECT_EQ(DefaultDatabasePath(), "/tmp/xdg/accord/accord.db");
  ::unsetenv("XDG_DATA_HOME");
  ::setenv("HOME", "/home/someone", 1);
  EXPECT_EQ(DefaultDatabasePath(), "/home/someone/.local/share/accord/accord.db");
  if (saved_db) ::setenv("ACCORD_DB", keep_db.c_str(), 1);
  if (saved_xdg) ::setenv("XDG_DATA_HOME", keep_xdg.c_str(), 1);
  if (saved_home) ::setenv("HOME", keep_home.c_str(), 1); else ::unsetenv("HOME");
}

}  // namespace
}  // namespace accord::graph
