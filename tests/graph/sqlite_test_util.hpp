// Raw SQLite access for store tests that look under the Store API: the schema version a file
// carries, and turning a file into the schema an older Accord wrote.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

namespace accord::graph::testing {

// PRAGMA user_version of the database file at `path`; -1 when it cannot be read.
inline int UserVersionOf(const std::filesystem::path& path) {
  int version = -1;
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      version = sqlite3_column_int(st, 0);
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return version;
}

// Makes the database at `path` a schema 1 database (no document_pages), as an older Accord
// wrote it.
inline void MakeSchemaOne(const std::filesystem::path& path) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db, "DROP TABLE document_pages; DROP TABLE document_parts; PRAGMA user_version = 1;", nullptr,
                         nullptr, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);
}

}  // namespace accord::graph::testing
