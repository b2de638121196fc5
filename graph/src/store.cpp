// graph::Store: the SQLite-backed knowledge graph. The only file in Accord with SQL text.
//
// Internals: statements are prepared once per connection and cached by their (static) SQL text
// pointer; every public method runs inside Guard(), which turns the private SqlFailure exception
// into an Error value, so nothing escapes. Writes take BEGIN IMMEDIATE (with a busy timeout and a
// retry); reads that need several queries run inside one deferred transaction for consistency.
// User text only ever reaches SQLite as bound parameters.
#include "accord/graph/store.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "accord/graph/text_key.hpp"

namespace accord::graph {
namespace {

constexpr int kApplicationId = 0x41435244;  // "ACRD"
constexpr int kDefaultBusyTimeoutMs = 5000;

// Thrown inside store.cpp only; Guard() turns it into an Error.
struct SqlFailure {
  ErrorCode code;
  std::string message;
};

// ---- schema and migrations -----------------------------------------------------------------

const char* const kSchemaV1 = R"sql(
CREATE TABLE documents(
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL DEFAULT '',
  metadata TEXT NOT NULL DEFAULT '{}',
  content_hash TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL DEFAULT '',
  ingested_at INTEGER NOT NULL DEFAULT 0);
CREATE TABLE sentences(
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  start INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  text TEXT NOT NULL);
CREATE INDEX sentences_by_document ON sentences(document_id);
CREATE TABLE entities(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  key TEXT NOT NULL);
CREATE INDEX entities_by_key ON entities(key, type);
CREATE TABLE aliases(
  id INTEGER PRIMARY KEY,
  entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  document_id INTEGER REFERENCES documents(id) ON DELETE CASCADE,
  alias TEXT NOT NULL,
  key TEXT NOT NULL,
  local INTEGER NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX aliases_unique ON aliases(entity_id, alias, local, ifnull(document_id, 0));
CREATE INDEX aliases_by_key ON aliases(key, local, entity_id);
CREATE INDEX aliases_by_document ON aliases(document_id);
CREATE TABLE mentions(
  entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  sentence_id INTEGER,
  start INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  PRIMARY KEY(entity_id, document_id, start, "end")) WITHOUT ROWID;
CREATE INDEX mentions_by_document ON mentions(document_id);
CREATE TABLE relations(
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  target_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  kind INTEGER NOT NULL,
  UNIQUE(source_id, target_id, type, kind));
CREATE INDEX relations_by_target ON relations(target_id, kind);
CREATE TABLE evidence(
  id INTEGER PRIMARY KEY,
  relation_id INTEGER NOT NULL REFERENCES relations(id) ON DELETE CASCADE,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  sentence_id INTEGER,
  start INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  text TEXT NOT NULL);
CREATE UNIQUE INDEX evidence_unique ON evidence(relation_id, document_id, start, "end");
CREATE INDEX evidence_by_document ON evidence(document_id);
CREATE VIRTUAL TABLE entity_fts USING fts5(name, aliases);
CREATE VIRTUAL TABLE sentence_fts USING fts5(text, content='sentences', content_rowid='id');
)sql";

// migrations[v] takes a database from schema v to v + 1.
const char* const kMigrations[] = {kSchemaV1};
static_assert(std::size(kMigrations) == kSchemaVersion, "one migration per schema version");

int BusyTimeoutMs() {
  if (const char* env = std::getenv("ACCORD_BUSY_TIMEOUT_MS")) {
    char* end = nullptr;
    const long v = std::strtol(env, &end, 10);
    if (end != env && v >= 0 && v < 600000) return static_cast<int>(v);
  }
  return kDefaultBusyTimeoutMs;
}

std::string MetadataToJson(const std::vector<std::pair<std::string, std::string>>& metadata) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  for (const auto& [k, v] : metadata) {
    w.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
    w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
  }
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

std::vector<std::pair<std::string, std::string>> MetadataFromJson(const std::string& json) {
  std::vector<std::pair<std::string, std::string>> out;
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError() || !doc.IsObject()) return out;
  for (auto m = doc.MemberBegin(); m != doc.MemberEnd(); ++m) {
    if (!m->value.IsString()) continue;
    out.emplace_back(std::string(m->name.GetString(), m->name.GetStringLength()),
                     std::string(m->value.GetString(), m->value.GetStringLength()));
  }
  return out;
}

// Splits user text into word tokens (ASCII letters/digits and any non-ASCII byte) and builds a
// safe FTS5 query: each token quoted, implicit AND, the last one a prefix.
std::string BuildFtsQuery(std::string_view text) {
  std::vector<std::string> tokens;
  std::string cur;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    const bool word = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                      (c >= 'A' && c <= 'Z') || c >= 0x80;
    if (word) {
      cur.push_back(ch);
    } else if (!cur.empty()) {
      tokens.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) tokens.push_back(std::move(cur));
  std::string q;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (i) q.push_back(' ');
    q += '"' + tokens[i] + '"';
    if (i + 1 == tokens.size()) q.push_back('*');
  }
  return q;
}

// ---- a cached prepared statement in use ------------------------------------------------------

class Q {
 public:
  Q(sqlite3* db, sqlite3_stmt* s) : db_(db), s_(s) {}
  Q(const Q&) = delete;
  ~Q() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  Q& B(int i, int64_t v) { return Check(sqlite3_bind_int64(s_, i, v)); }
  Q& B(int i, int v) { return Check(sqlite3_bind_int64(s_, i, v)); }
  Q& B(int i, uint32_t v) { return Check(sqlite3_bind_int64(s_, i, v)); }
  Q& B(int i, std::string_view v) {
    return Check(sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC));
  }
  Q& B(int i, const std::string& v) { return B(i, std::string_view(v)); }
  Q& B(int i, const char* v) { return B(i, std::string_view(v)); }
  Q& Null(int i) { return Check(sqlite3_bind_null(s_, i)); }
  Q& Blob(int i, std::string_view v) {
    return Check(sqlite3_bind_blob(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC));
  }
  Q& B(int i, std::optional<int64_t> v) { return v ? B(i, *v) : Null(i); }

  // true while there is a row.
  bool Step() {
    const int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    Throw(rc);
  }
  void Run() {
    while (Step()) {
    }
  }
  int64_t I(int c) const { return sqlite3_column_int64(s_, c); }
  double D(int c) const { return sqlite3_column_double(s_, c); }
  bool IsNull(int c) const { return sqlite3_column_type(s_, c) == SQLITE_NULL; }
  std::string S(int c) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, c));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(s_, c))) : std::string();
  }

  [[noreturn]] void Throw(int rc) const;

 private:
  Q& Check(int rc) {
    if (rc != SQLITE_OK) Throw(rc);
    return *this;
  }
  sqlite3* db_;
  sqlite3_stmt* s_;
};

ErrorCode CodeFor(int rc) {
  switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return ErrorCode::kLocked;
    case SQLITE_READONLY:
      return ErrorCode::kReadOnly;
    default:
      return ErrorCode::kDatabase;
  }
}

void Q::Throw(int rc) const {
  throw SqlFailure{CodeFor(rc), sqlite3_errmsg(db_)};
}

}  // namespace

// ---- Impl ------------------------------------------------------------------------------------

struct Store::Impl {
  std::filesystem::path path;
  sqlite3* db = nullptr;
  bool read_only = false;
  int busy_timeout_ms = kDefaultBusyTimeoutMs;
  std::unordered_map<const char*, sqlite3_stmt*> cache;

  ~Impl() {
    for (auto& [sql, stmt] : cache) sqlite3_finalize(stmt);
    if (db) sqlite3_close_v2(db);
  }

  Q Prep(const char* sql) {
    auto it = cache.find(sql);
    if (it == cache.end()) {
      sqlite3_stmt* stmt = nullptr;
      const int rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
      if (rc != SQLITE_OK) throw SqlFailure{CodeFor(rc), sqlite3_errmsg(db)};
      it = cache.emplace(sql, stmt).first;
    }
    return Q(db, it->second);
  }

  void Exec(const char* sql) {
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errmsg(db);
      sqlite3_free(err);
      throw SqlFailure{CodeFor(rc), msg};
    }
  }

  // Message prefix naming the file.
  std::string Name() const { return path.string(); }

  void RequireWritable() const {
    if (read_only)
      throw SqlFailure{ErrorCode::kReadOnly,
                       "the database is open read-only, so nothing can be changed"};
  }

  // Runs `body`, mapping failures to an Error that names the file.
  template <class F>
  auto Guard(const char* what, F&& body) -> Result<decltype(body())> {
    try {
      if constexpr (std::is_void_v<decltype(body())>) {
        body();
        return {};
      } else {
        return body();
      }
    } catch (const SqlFailure& f) {
      std::string msg;
      switch (f.code) {
        case ErrorCode::kLocked:
          msg = Name() + " stayed locked by another program for " +
                std::to_string(busy_timeout_ms) + " ms while trying to " + what +
                "; try again when it has finished.";
          break;
        case ErrorCode::kReadOnly:
          msg = "Could not " + std::string(what) + " in " + Name() + ": " + f.message +
                " (the file or its folder is read-only).";
          break;
        default:
          msg = "Could not " + std::string(what) + " in " + Name() + ": " + f.message + ".";
          break;
      }
      return std::unexpected(Error{f.code, std::move(msg)});
    } catch (const std::bad_alloc&) {
      return std::unexpected(
          Error{ErrorCode::kDatabase, "Ran out of memory while trying to " + std::string(what) +
                                          " in " + Name() + "."});
    } catch (const std::exception& e) {
      return std::unexpected(Error{ErrorCode::kDatabase, "Could not " + std::string(what) +
                                                             " in " + Name() + ": " + e.what() +
                                                             "."});
    }
  }

  // Write transaction: BEGIN IMMEDIATE with the busy timeout, retried once; rolls back unless
  // Commit() is called.
  class Tx {
   public:
    Tx(Impl& impl, bool write) : impl_(impl) {
      if (!write) {
        impl_.Exec("BEGIN");
        open_ = true;
        return;
      }
      impl_.RequireWritable();
      for (int attempt = 0;; ++attempt) {
        const int rc = sqlite3_exec(impl_.db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
        if (rc == SQLITE_OK) break;
        if ((rc & 0xFF) == SQLITE_BUSY && attempt < 1) {
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
          continue;
        }
        throw SqlFailure{CodeFor(rc), sqlite3_errmsg(impl_.db)};
      }
      open_ = true;
    }
    Tx(const Tx&) = delete;
    ~Tx() {
      if (open_) sqlite3_exec(impl_.db, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    void Commit() {
      const int rc = sqlite3_exec(impl_.db, "COMMIT", nullptr, nullptr, nullptr);
      if (rc != SQLITE_OK) throw SqlFailure{CodeFor(rc), sqlite3_errmsg(impl_.db)};
      open_ = false;
    }

   private:
    Impl& impl_;
    bool open_ = false;
  };

  // ---- building blocks ----

  void RefreshEntityFts(int64_t entity) {
    Prep("DELETE FROM entity_fts WHERE rowid = ?").B(1, entity).Run();
    Prep("INSERT INTO entity_fts(rowid, name, aliases) "
         "SELECT e.id, e.name, ifnull((SELECT group_concat(alias, ' ') FROM "
         "(SELECT DISTINCT alias FROM aliases WHERE entity_id = e.id AND alias <> e.name "
         "ORDER BY alias)), '') FROM entities e WHERE e.id = ?")
        .B(1, entity)
        .Run();
  }

  // The existing entity of `type` whose name key or non-local alias key equals one of `keys`.
  std::optional<int64_t> FindMergeTarget(const std::string& type,
                                         const std::vector<std::string>& keys) {
    std::optional<int64_t> best;
    for (const std::string& key : keys) {
      {
        Q q = Prep("SELECT min(id) FROM entities WHERE key = ? AND type = ?");
        q.B(1, key).B(2, type);
        if (q.Step() && !q.IsNull(0) && (!best || q.I(0) < *best)) best = q.I(0);
      }
      {
        Q q = Prep(
            "SELECT a.entity_id FROM aliases a JOIN entities e ON e.id = a.entity_id "
            "WHERE a.key = ? AND a.local = 0 AND e.type = ? ORDER BY a.entity_id LIMIT 1");
        q.B(1, key).B(2, type);
        if (q.Step() && !q.IsNull(0) && (!best || q.I(0) < *best)) best = q.I(0);
      }
    }
    return best;
  }

  // Stores one surface form; true when the entity had no alias row with this text before (so
  // its FTS row must be rebuilt).
  bool InsertAlias(int64_t entity, std::optional<int64_t> document, std::string_view alias,
                   bool local) {
    bool fresh = false;
    {
      Q q = Prep("SELECT NOT EXISTS(SELECT 1 FROM aliases WHERE entity_id = ? AND alias = ?)");
      q.B(1, entity).B(2, alias);
      fresh = q.Step() && q.I(0) != 0;
    }
    Prep("INSERT OR IGNORE INTO aliases(entity_id, document_id, alias, key, local) "
         "VALUES(?, ?, ?, ?, ?)")
        .B(1, entity)
        .B(2, document)
        .B(3, alias)
        .B(4, NormalizeKey(alias))
        .B(5, local ? 1 : 0)
        .Run();
    return fresh;
  }

  // The id of the entity `name` merges into, or of a new one (then *created is set).
  int64_t MergeOrInsertEntity(const std::string& name, const std::string& type,
                              const std::vector<std::string>& merge_names,
                              bool* created = nullptr) {
    std::vector<std::string> keys;
    for (const std::string& n : merge_names) {
      std::string k = NormalizeKey(n);
      if (!k.empty() && std::find(keys.begin(), keys.end(), k) == keys.end())
        keys.push_back(std::move(k));
    }
    if (auto target = FindMergeTarget(type, keys)) return *target;
    if (created) *created = true;
    Prep("INSERT INTO entities(name, type, key) VALUES(?, ?, ?)")
        .B(1, name)
        .B(2, type)
        .B(3, NormalizeKey(name))
        .Run();
    return sqlite3_last_insert_rowid(db);
  }

  int64_t FindOrInsertRelation(int64_t source, int64_t target, std::string_view type, int kind,
                               std::optional<int64_t> id = std::nullopt) {
    Prep("INSERT INTO relations(id, source_id, target_id, type, kind) VALUES(?, ?, ?, ?, ?) "
         "ON CONFLICT(source_id, target_id, type, kind) DO NOTHING")
        .B(1, id)
        .B(2, source)
        .B(3, target)
        .B(4, type)
        .B(5, kind)
        .Run();
    if (sqlite3_changes(db) > 0) return sqlite3_last_insert_rowid(db);
    Q q = Prep(
        "SELECT id FROM relations WHERE source_id = ? AND target_id = ? AND type = ? AND "
        "kind = ?");
    q.B(1, source).B(2, target).B(3, type).B(4, kind);
    if (!q.Step()) throw SqlFailure{ErrorCode::kDatabase, "a relation vanished while storing it"};
    return q.I(0);
  }

  // Removes a document and what only it supported (inside the caller's transaction).
  void RemoveContribution(int64_t doc) {
    std::vector<int64_t> entities, relations;
    {
      Q q = Prep(
          "SELECT entity_id FROM aliases WHERE document_id = ?1 UNION "
          "SELECT entity_id FROM mentions WHERE document_id = ?1");
      q.B(1, doc);
      while (q.Step()) entities.push_back(q.I(0));
    }
    std::vector<std::pair<int64_t, std::string>> forms;  // surface forms this document gave
    {
      Q q = Prep("SELECT DISTINCT entity_id, alias FROM aliases WHERE document_id = ?");
      q.B(1, doc);
      while (q.Step()) forms.emplace_back(q.I(0), q.S(1));
    }
    {
      Q q = Prep("SELECT DISTINCT relation_id FROM evidence WHERE document_id = ?");
      q.B(1, doc);
      while (q.Step()) relations.push_back(q.I(0));
    }
    Prep("INSERT INTO sentence_fts(sentence_fts, rowid, text) "
         "SELECT 'delete', id, text FROM sentences WHERE document_id = ?")
        .B(1, doc)
        .Run();
    Prep("DELETE FROM evidence WHERE document_id = ?").B(1, doc).Run();
    Prep("DELETE FROM mentions WHERE document_id = ?").B(1, doc).Run();
    Prep("DELETE FROM aliases WHERE document_id = ?").B(1, doc).Run();
    Prep("DELETE FROM sentences WHERE document_id = ?").B(1, doc).Run();
    Prep("DELETE FROM documents WHERE id = ?").B(1, doc).Run();
    for (int64_t r : relations) {
      Prep("DELETE FROM relations WHERE id = ?1 AND NOT EXISTS "
           "(SELECT 1 FROM evidence WHERE relation_id = ?1)")
          .B(1, r)
          .Run();
    }
    // Only entities that lost a surface form need their FTS row rebuilt.
    std::unordered_set<int64_t> dirty;
    for (const auto& [e, alias] : forms) {
      if (dirty.contains(e)) continue;
      Q q = Prep("SELECT NOT EXISTS(SELECT 1 FROM aliases WHERE entity_id = ? AND alias = ?)");
      q.B(1, e).B(2, alias);
      if (q.Step() && q.I(0) != 0) dirty.insert(e);
    }
    for (int64_t e : entities) {
      bool orphan = false;
      {
        Q q = Prep(
            "SELECT NOT EXISTS(SELECT 1 FROM aliases WHERE entity_id = ?1) AND "
            "NOT EXISTS(SELECT 1 FROM mentions WHERE entity_id = ?1)");
        q.B(1, e);
        orphan = q.Step() && q.I(0) != 0;
      }
      if (orphan) {
        Prep("DELETE FROM relations WHERE source_id = ?1 OR target_id = ?1").B(1, e).Run();
        Prep("DELETE FROM entities WHERE id = ?").B(1, e).Run();
        Prep("DELETE FROM entity_fts WHERE rowid = ?").B(1, e).Run();
      } else if (dirty.contains(e)) {
        RefreshEntityFts(e);
      }
    }
  }

  std::optional<int64_t> DocumentId(std::string_view path_text) {
    Q q = Prep("SELECT id FROM documents WHERE path = ?");
    q.B(1, path_text);
    if (q.Step()) return q.I(0);
    return std::nullopt;
  }

  DocumentInfo ReadDocument(Q& q) {  // columns: id, path, title, metadata, content_hash
    DocumentInfo d;
    d.id = q.I(0);
    d.path = q.S(1);
    d.title = q.S(2);
    d.metadata = MetadataFromJson(q.S(3));
    d.content_hash = q.S(4);
    return d;
  }

  std::vector<SentenceRef> EvidenceRefs(int64_t relation) {
    std::vector<SentenceRef> out;
    Q q = Prep(
        "SELECT v.document_id, d.title, s.start, s.\"end\", v.start, v.\"end\", "
        "ifnull(s.text, v.text) FROM evidence v JOIN documents d ON d.id = v.document_id "
        "LEFT JOIN sentences s ON s.id = v.sentence_id WHERE v.relation_id = ? "
        "ORDER BY v.document_id, v.start, v.\"end\"");
    q.B(1, relation);
    while (q.Step()) {
      SentenceRef r;
      r.document = q.I(0);
      r.document_title = q.S(1);
      r.start = static_cast<uint32_t>(q.I(4));
      r.end = static_cast<uint32_t>(q.I(5));
      r.sentence_start = q.IsNull(2) ? r.start : static_cast<uint32_t>(q.I(2));
      r.sentence_end = q.IsNull(3) ? r.end : static_cast<uint32_t>(q.I(3));
      r.sentence = q.S(6);
      out.push_back(std::move(r));
    }
    return out;
  }

  LinkInfo ReadLink(int64_t relation) {
    LinkInfo link;
    {
      Q q = Prep("SELECT id, source_id, target_id, type, kind FROM relations WHERE id = ?");
      q.B(1, relation);
      if (!q.Step()) throw SqlFailure{ErrorCode::kNotFound, "no relation " + std::to_string(relation)};
      link.id = q.I(0);
      link.source = q.I(1);
      link.target = q.I(2);
      link.type = q.S(3);
      link.kind = q.I(4) ? RelationKind::kCooccurrence : RelationKind::kStated;
    }
    Q q = Prep(
        "SELECT document_id, start, \"end\", text FROM evidence WHERE relation_id = ? "
        "ORDER BY document_id, start, \"end\"");
    q.B(1, relation);
    while (q.Step())
      link.evidence.push_back({q.I(0), static_cast<uint32_t>(q.I(1)),
                               static_cast<uint32_t>(q.I(2)), q.S(3)});
    return link;
  }

  bool EntityExists(int64_t id) {
    Q q = Prep("SELECT 1 FROM entities WHERE id = ?");
    q.B(1, id);
    return q.Step();
  }

  // One hop: (relation id, other entity) pairs, both directions, ordered by relation id.
  std::vector<std::pair<int64_t, int64_t>> Hop(int64_t entity, bool include_cooccurrence) {
    std::vector<std::pair<int64_t, int64_t>> out;
    {
      Q q = Prep("SELECT id, target_id FROM relations WHERE source_id = ?1 AND (kind = 0 OR ?2)");
      q.B(1, entity).B(2, include_cooccurrence ? 1 : 0);
      while (q.Step()) out.emplace_back(q.I(0), q.I(1));
    }
    {
      Q q = Prep("SELECT id, source_id FROM relations WHERE target_id = ?1 AND (kind = 0 OR ?2)");
      q.B(1, entity).B(2, include_cooccurrence ? 1 : 0);
      while (q.Step())
        if (q.I(1) != entity) out.emplace_back(q.I(0), q.I(1));
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  bool IsEmpty() {
    Q q = Prep("SELECT NOT EXISTS(SELECT 1 FROM documents) AND NOT EXISTS(SELECT 1 FROM entities)");
    return q.Step() && q.I(0) != 0;
  }
};

// ---- open ------------------------------------------------------------------------------------

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

const std::filesystem::path& Store::path() const { return impl_->path; }

Result<Store> Store::Open(const std::filesystem::path& path, OpenMode mode) {
  namespace fs = std::filesystem;
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->read_only = mode == OpenMode::kReadOnly;
  impl->busy_timeout_ms = BusyTimeoutMs();
  const std::string name = path.string();
  std::error_code ec;
  if (mode == OpenMode::kReadOnly) {
    if (!fs::exists(path, ec))
      return Fail(ErrorCode::kNotFound, "The database " + name + " does not exist.");
  } else if (path.has_parent_path() && !fs::exists(path.parent_path(), ec)) {
    fs::create_directories(path.parent_path(), ec);
    if (ec)
      return Fail(ErrorCode::kIo, "Could not create the folder " + path.parent_path().string() +
                                      " for the database: " + ec.message() + ".");
  }
  if (fs::is_directory(path, ec))
    return Fail(ErrorCode::kDatabase, name + " is a folder, not an Accord database.");
  const int flags = mode == OpenMode::kReadOnly
                        ? SQLITE_OPEN_READONLY
                        : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(name.c_str(), &impl->db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = impl->db ? sqlite3_errmsg(impl->db) : sqlite3_errstr(rc);
    return Fail(CodeFor(rc) == ErrorCode::kReadOnly ? ErrorCode::kReadOnly : ErrorCode::kDatabase,
                "Could not open the database " + name + ": " + msg + ".");
  }
  sqlite3_extended_result_codes(impl->db, 0);
  sqlite3_busy_timeout(impl->db, impl->busy_timeout_ms);
  if (sqlite3_db_readonly(impl->db, "main") == 1) impl->read_only = true;

  Impl& s = *impl;
  int app_id = 0, version = 0;
  int64_t objects = 0;
  try {
    {
      Q q = s.Prep("PRAGMA application_id");
      if (q.Step()) app_id = static_cast<int>(q.I(0));
    }
    {
      Q q = s.Prep("PRAGMA user_version");
      if (q.Step()) version = static_cast<int>(q.I(0));
    }
    {
      Q q = s.Prep("SELECT count(*) FROM sqlite_schema");
      if (q.Step()) objects = q.I(0);
    }
  } catch (const SqlFailure& f) {
    if (f.code == ErrorCode::kLocked)
      return Fail(ErrorCode::kLocked, name + " stayed locked by another program; try again later.");
    return Fail(ErrorCode::kDatabase,
                name + " is not an Accord database (" + f.message + ").");
  }
  if (app_id != kApplicationId && (app_id != 0 || version != 0 || objects != 0))
    return Fail(ErrorCode::kDatabase,
                name + " is an SQLite file but not an Accord database (it holds other tables).");
  if (version > kSchemaVersion)
    return Fail(ErrorCode::kSchemaTooNew,
                name + " was written by a newer Accord (schema " + std::to_string(version) +
                    "; this build reads up to " + std::to_string(kSchemaVersion) + ").");
  if (version < kSchemaVersion && impl->read_only) {
    if (mode == OpenMode::kReadOnly && version == 0)
      return Fail(ErrorCode::kDatabase, name + " is empty, not an Accord database.");
    return Fail(ErrorCode::kReadOnly,
                name + " needs to be created or upgraded to schema " +
                    std::to_string(kSchemaVersion) + " but it is read-only.");
  }
  try {
    if (!impl->read_only) {
      s.Exec("PRAGMA journal_mode=WAL");
      s.Exec("PRAGMA synchronous=NORMAL");
    }
    s.Exec("PRAGMA foreign_keys=ON");
    s.Exec("PRAGMA cache_size=-65536");  // 64 MiB page cache: ingest touches many index pages
    s.Exec("PRAGMA temp_store=MEMORY");
    s.Exec("PRAGMA mmap_size=268435456");  // 256 MiB of the file read through mmap
    if (!impl->read_only) s.Exec("PRAGMA wal_autocheckpoint=8192");  // 32 MiB of 4 KiB pages
    if (version < kSchemaVersion) {
      Impl::Tx tx(s, true);
      int current = 0;
      {
        Q q = s.Prep("PRAGMA user_version");  // re-read under the write lock
        if (q.Step()) current = static_cast<int>(q.I(0));
      }
      for (int v = current; v < kSchemaVersion; ++v) s.Exec(kMigrations[v]);
      s.Exec(("PRAGMA application_id=" + std::to_string(kApplicationId)).c_str());
      s.Exec(("PRAGMA user_version=" + std::to_string(kSchemaVersion)).c_str());
      tx.Commit();
    }
  } catch (const SqlFailure& f) {
    if (f.code == ErrorCode::kLocked)
      return Fail(ErrorCode::kLocked, name + " stayed locked by another program for " +
                                          std::to_string(impl->busy_timeout_ms) +
                                          " ms while opening it; try again later.");
    return Fail(f.code == ErrorCode::kReadOnly ? ErrorCode::kReadOnly : ErrorCode::kDatabase,
                "Could not prepare the database " + name + ": " + f.message + ".");
  }
  return Store(std::move(impl));
}

// ---- documents -------------------------------------------------------------------------------

Result<std::optional<std::string>> Store::DocumentHash(std::string_view path_text) {
  return impl_->Guard("read a document hash", [&]() -> std::optional<std::string> {
    Q q = impl_->Prep("SELECT content_hash FROM documents WHERE path = ?");
    q.B(1, path_text);
    if (q.Step()) return q.S(0);
    return std::nullopt;
  });
}

Result<IngestOutcome> Store::IngestDocument(const DocumentRec& doc) {
  // Validate indices and spans before touching the database.
  const size_t text_size = doc.text.size();
  auto bad = [&](const std::string& what) {
    return Fail(ErrorCode::kInvalid, "The extraction of " + doc.path + " is inconsistent: " + what + ".");
  };
  for (const Span& s : doc.sentences)
    if (s.start > s.end || s.end > text_size) return bad("a sentence span lies outside the text");
  for (const MentionRec& m : doc.mentions)
    if (m.entity >= doc.entities.size() || m.sentence >= doc.sentences.size() ||
        m.span.start > m.span.end || m.span.end > text_size)
      return bad("a mention names a missing entity or sentence");
  for (const RelationRec& r : doc.relations) {
    if (r.source >= doc.entities.size() || r.target >= doc.entities.size())
      return bad("a relation names a missing entity");
    for (const EvidenceRec& e : r.evidence)
      if (e.sentence >= doc.sentences.size() || e.span.start > e.span.end ||
          e.span.end > text_size)
        return bad("a piece of evidence lies outside the text");
  }
  Impl& s = *impl_;
  return s.Guard("store a document", [&]() -> IngestOutcome {
    Impl::Tx tx(s, true);
    IngestOutcome outcome = IngestOutcome::kAdded;
    {
      std::optional<std::pair<int64_t, std::string>> existing;
      {
        Q q = s.Prep("SELECT id, content_hash FROM documents WHERE path = ?");
        q.B(1, doc.path);
        if (q.Step()) existing.emplace(q.I(0), q.S(1));
      }
      if (existing) {
        if (existing->second == doc.content_hash) return IngestOutcome::kUnchanged;
        s.RemoveContribution(existing->first);
        outcome = IngestOutcome::kReplaced;
      }
    }
    s.Prep("INSERT INTO documents(path, title, metadata, content_hash, text, ingested_at) "
           "VALUES(?, ?, ?, ?, ?, ?)")
        .B(1, doc.path)
        .B(2, doc.title)
        .B(3, MetadataToJson(doc.metadata))
        .B(4, doc.content_hash)
        .B(5, doc.text)
        .B(6, static_cast<int64_t>(std::time(nullptr)))
        .Run();
    const int64_t doc_id = sqlite3_last_insert_rowid(s.db);

    // Sentences go in with one set-based statement (spans as a JSON array, the text sliced by
    // byte offsets from the document bound as a blob), and the FTS rows with a second one.
    std::vector<int64_t> sentence_ids;
    sentence_ids.reserve(doc.sentences.size());
    if (!doc.sentences.empty()) {
      std::string spans;
      spans.reserve(doc.sentences.size() * 16);
      spans.push_back('[');
      for (size_t i = 0; i < doc.sentences.size(); ++i) {
        if (i) spans.push_back(',');
        spans += '[' + std::to_string(doc.sentences[i].start) + ',' +
                 std::to_string(doc.sentences[i].end) + ']';
      }
      spans.push_back(']');
      s.Prep("INSERT INTO sentences(document_id, start, \"end\", text) "
             "SELECT ?1, j.value ->> 0, j.value ->> 1, "
             "CAST(substr(?2, (j.value ->> 0) + 1, (j.value ->> 1) - (j.value ->> 0)) AS TEXT) "
             "FROM json_each(?3) j ORDER BY j.key")
          .B(1, doc_id)
          .Blob(2, doc.text)
          .B(3, spans)
          .Run();
      {
        Q q = s.Prep("SELECT id FROM sentences WHERE document_id = ? ORDER BY id");
        q.B(1, doc_id);
        while (q.Step()) sentence_ids.push_back(q.I(0));
      }
      if (sentence_ids.size() != doc.sentences.size())
        throw SqlFailure{ErrorCode::kDatabase, "the sentences of the document did not all store"};
      s.Prep("INSERT INTO sentence_fts(rowid, text) SELECT id, text FROM sentences "
             "WHERE document_id = ?")
          .B(1, doc_id)
          .Run();
    }

    std::vector<int64_t> entity_ids(doc.entities.size());
    std::set<int64_t> touched;
    for (size_t i = 0; i < doc.entities.size(); ++i) {
      const EntityRec& e = doc.entities[i];
      std::vector<std::string> merge_names{e.name};
      for (const AliasRec& a : e.aliases)
        if (!a.local) merge_names.push_back(a.text);
      bool created = false;
      const int64_t id = s.MergeOrInsertEntity(e.name, e.type, merge_names, &created);
      entity_ids[i] = id;
      bool dirty = created;
      dirty |= s.InsertAlias(id, doc_id, e.name, false);
      for (const AliasRec& a : e.aliases) dirty |= s.InsertAlias(id, doc_id, a.text, a.local);
      if (dirty) touched.insert(id);
    }
    // Mentions and evidence also go in set-based: rows as JSON arrays of integers.
    auto row = [](std::string& out, std::initializer_list<int64_t> values) {
      out.push_back(out.empty() ? '[' : ',');
      out.push_back('[');
      bool first = true;
      for (int64_t v : values) {
        if (!first) out.push_back(',');
        first = false;
        out += std::to_string(v);
      }
      out.push_back(']');
    };
    if (!doc.mentions.empty()) {
      std::string rows;
      rows.reserve(doc.mentions.size() * 32);
      for (const MentionRec& m : doc.mentions)
        row(rows, {entity_ids[m.entity], sentence_ids[m.sentence], m.span.start, m.span.end});
      rows.push_back(']');
      s.Prep("INSERT OR IGNORE INTO mentions(entity_id, document_id, sentence_id, start, \"end\") "
             "SELECT j.value ->> 0, ?1, j.value ->> 1, j.value ->> 2, j.value ->> 3 "
             "FROM json_each(?2) j")
          .B(1, doc_id)
          .B(2, rows)
          .Run();
    }
    std::string evidence_rows;
    for (const RelationRec& r : doc.relations) {
      const int64_t rel = s.FindOrInsertRelation(entity_ids[r.source], entity_ids[r.target],
                                                 r.type, static_cast<int>(r.kind));
      for (const EvidenceRec& e : r.evidence)
        row(evidence_rows, {rel, sentence_ids[e.sentence], e.span.start, e.span.end});
    }
    if (!evidence_rows.empty()) {
      evidence_rows.push_back(']');
      s.Prep("INSERT OR IGNORE INTO evidence(relation_id, document_id, sentence_id, start, "
             "\"end\", text) SELECT j.value ->> 0, ?1, j.value ->> 1, j.value ->> 2, "
             "j.value ->> 3, CAST(substr(?3, (j.value ->> 2) + 1, (j.value ->> 3) - "
             "(j.value ->> 2)) AS TEXT) FROM json_each(?2) j ORDER BY j.key")
          .B(1, doc_id)
          .B(2, evidence_rows)
          .Blob(3, doc.text)
          .Run();
    }
    for (int64_t id : touched) s.RefreshEntityFts(id);
    tx.Commit();
    return outcome;
  });
}

Result<bool> Store::RemoveDocument(std::string_view path_text) {
  Impl& s = *impl_;
  return s.Guard("remove a document", [&]() -> bool {
    Impl::Tx tx(s, true);
    auto id = s.DocumentId(path_text);
    if (!id) return false;
    s.RemoveContribution(*id);
    tx.Commit();
    return true;
  });
}

Result<std::vector<DocumentInfo>> Store::ListDocuments() {
  Impl& s = *impl_;
  return s.Guard("list the documents", [&]() {
    std::vector<DocumentInfo> out;
    Q q = s.Prep("SELECT id, path, title, metadata, content_hash FROM documents ORDER BY id");
    while (q.Step()) out.push_back(s.ReadDocument(q));
    return out;
  });
}

Result<std::string> Store::DocumentText(int64_t document) {
  Impl& s = *impl_;
  auto r = s.Guard("read a document's text", [&]() -> std::optional<std::string> {
    Q q = s.Prep("SELECT text FROM documents WHERE id = ?");
    q.B(1, document);
    if (q.Step()) return q.S(0);
    return std::nullopt;
  });
  if (!r) return std::unexpected(r.error());
  if (!*r)
    return Fail(ErrorCode::kNotFound,
                "There is no document " + std::to_string(document) + " in " + s.Name() + ".");
  return std::move(**r);
}

// ---- queries ---------------------------------------------------------------------------------

Result<Stats> Store::GetStats() {
  Impl& s = *impl_;
  return s.Guard("count the graph", [&]() {
    Impl::Tx tx(s, false);
    Stats st;
    auto count = [&](const char* sql) {
      Q q = s.Prep(sql);
      return q.Step() ? q.I(0) : int64_t{0};
    };
    st.documents = count("SELECT count(*) FROM documents");
    st.sentences = count("SELECT count(*) FROM sentences");
    st.entities = count("SELECT count(*) FROM entities");
    st.aliases = count(
        "SELECT count(*) FROM (SELECT DISTINCT a.entity_id, a.alias FROM aliases a "
        "JOIN entities e ON e.id = a.entity_id WHERE a.alias <> e.name)");
    st.mentions = count("SELECT count(*) FROM mentions");
    st.relations = count("SELECT count(*) FROM relations WHERE kind = 0");
    st.cooccurrences = count("SELECT count(*) FROM relations WHERE kind = 1");
    st.evidence = count("SELECT count(*) FROM evidence");
    {
      Q q = s.Prep("SELECT type, count(*) AS n FROM entities GROUP BY type ORDER BY n DESC, type");
      while (q.Step()) st.entity_types.push_back({q.S(0), q.I(1)});
    }
    {
      Q q = s.Prep(
          "SELECT type, count(*) AS n FROM relations WHERE kind = 0 GROUP BY type "
          "ORDER BY n DESC, type");
      while (q.Step()) st.relation_types.push_back({q.S(0), q.I(1)});
    }
    return st;
  });
}

Result<std::vector<SearchHit>> Store::Search(std::string_view query, int limit) {
  Impl& s = *impl_;
  const std::string fts = BuildFtsQuery(query);
  if (fts.empty() || limit <= 0) return std::vector<SearchHit>{};
  return s.Guard("search", [&]() {
    Impl::Tx tx(s, false);
    std::vector<SearchHit> hits;
    {
      Q q = s.Prep(
          "SELECT e.id, e.name, e.type, snippet(entity_fts, -1, '[', ']', '…', 12), "
          "bm25(entity_fts) AS r FROM entity_fts JOIN entities e ON e.id = entity_fts.rowid "
          "WHERE entity_fts MATCH ? ORDER BY r, e.id LIMIT ?");
      q.B(1, fts).B(2, limit);
      while (q.Step()) {
        SearchHit h;
        h.kind = SearchHit::Kind::kEntity;
        h.entity = q.I(0);
        h.label = q.S(1);
        h.type = q.S(2);
        h.snippet = q.S(3);
        h.rank = q.D(4);
        hits.push_back(std::move(h));
      }
    }
    const int left = limit - static_cast<int>(hits.size());
    if (left > 0) {
      Q q = s.Prep(
          "SELECT s.document_id, d.title, s.start, s.\"end\", "
          "snippet(sentence_fts, 0, '[', ']', '…', 16), bm25(sentence_fts) AS r "
          "FROM sentence_fts JOIN sentences s ON s.id = sentence_fts.rowid "
          "JOIN documents d ON d.id = s.document_id WHERE sentence_fts MATCH ? "
          "ORDER BY r, s.id LIMIT ?");
      q.B(1, fts).B(2, left);
      while (q.Step()) {
        SearchHit h;
        h.kind = SearchHit::Kind::kSentence;
        h.document = q.I(0);
        h.label = q.S(1);
        h.type = "sentence";
        h.start = static_cast<uint32_t>(q.I(2));
        h.end = static_cast<uint32_t>(q.I(3));
        h.snippet = q.S(4);
        h.rank = q.D(5);
        hits.push_back(std::move(h));
      }
    }
    return hits;
  });
}

Result<std::vector<int64_t>> Store::FindEntities(std::string_view name) {
  Impl& s = *impl_;
  const std::string key = NormalizeKey(name);
  if (key.empty()) return std::vector<int64_t>{};
  return s.Guard("look up an entity", [&]() {
    std::vector<int64_t> out;
    Q q = s.Prep(
        "SELECT c.id, (SELECT count(*) FROM mentions m WHERE m.entity_id = c.id) AS n FROM "
        "(SELECT id FROM entities WHERE key = ?1 UNION SELECT entity_id FROM aliases "
        "WHERE key = ?1) c ORDER BY n DESC, c.id");
    q.B(1, key);
    while (q.Step()) out.push_back(q.I(0));
    return out;
  });
}

Result<int64_t> Store::ResolveEntity(std::string_view name) {
  auto found = FindEntities(name);
  if (!found) return std::unexpected(found.error());
  if (!found->empty()) return found->front();
  auto hits = Search(name, 5);
  if (!hits) return std::unexpected(hits.error());
  for (const SearchHit& h : *hits)
    if (h.kind == SearchHit::Kind::kEntity) return h.entity;
  return Fail(ErrorCode::kNotFound,
              "No entity called \"" + std::string(name) + "\" in " + impl_->Name() + ".");
}

Result<EntityDetail> Store::GetEntity(int64_t entity) {
  Impl& s = *impl_;
  auto r = s.Guard("read an entity", [&]() -> std::optional<EntityDetail> {
    Impl::Tx tx(s, false);
    EntityDetail d;
    {
      Q q = s.Prep("SELECT id, name, type FROM entities WHERE id = ?");
      q.B(1, entity);
      if (!q.Step()) return std::nullopt;
      d.id = q.I(0);
      d.label = q.S(1);
      d.type = q.S(2);
    }
    {
      Q q = s.Prep(
          "SELECT DISTINCT a.alias FROM aliases a JOIN entities e ON e.id = a.entity_id "
          "WHERE a.entity_id = ? AND a.alias <> e.name ORDER BY a.alias");
      q.B(1, entity);
      while (q.Step()) d.aliases.push_back(q.S(0));
    }
    {
      Q q = s.Prep(
          "SELECT id, path, title, metadata, content_hash FROM documents WHERE id IN "
          "(SELECT document_id FROM aliases WHERE entity_id = ?1 UNION "
          "SELECT document_id FROM mentions WHERE entity_id = ?1) ORDER BY id");
      q.B(1, entity);
      while (q.Step()) d.documents.push_back(s.ReadDocument(q));
    }
    {
      Q q = s.Prep(
          "SELECT m.document_id, d.title, s.start, s.\"end\", m.start, m.\"end\", s.text "
          "FROM mentions m JOIN documents d ON d.id = m.document_id "
          "LEFT JOIN sentences s ON s.id = m.sentence_id WHERE m.entity_id = ? "
          "ORDER BY m.document_id, m.start, m.\"end\"");
      q.B(1, entity);
      while (q.Step()) {
        SentenceRef r;
        r.document = q.I(0);
        r.document_title = q.S(1);
        r.start = static_cast<uint32_t>(q.I(4));
        r.end = static_cast<uint32_t>(q.I(5));
        r.sentence_start = q.IsNull(2) ? r.start : static_cast<uint32_t>(q.I(2));
        r.sentence_end = q.IsNull(3) ? r.end : static_cast<uint32_t>(q.I(3));
        r.sentence = q.S(6);
        d.mentions.push_back(std::move(r));
      }
    }
    {
      Q q = s.Prep(
          "SELECT r.id, r.type, r.kind, r.source_id = ?1, o.id, o.name, o.type FROM relations r "
          "JOIN entities o ON o.id = CASE WHEN r.source_id = ?1 THEN r.target_id "
          "ELSE r.source_id END WHERE r.source_id = ?1 OR r.target_id = ?1 "
          "ORDER BY r.kind, r.type, o.name, r.id");
      q.B(1, entity);
      while (q.Step()) {
        RelationRef r;
        r.relation = q.I(0);
        r.type = q.S(1);
        r.kind = q.I(2) ? RelationKind::kCooccurrence : RelationKind::kStated;
        r.outgoing = q.I(3) != 0;
        r.other = q.I(4);
        r.other_label = q.S(5);
        r.other_type = q.S(6);
        d.relations.push_back(std::move(r));
      }
    }
    for (RelationRef& r : d.relations) r.evidence = s.EvidenceRefs(r.relation);
    return d;
  });
  if (!r) return std::unexpected(r.error());
  if (!*r)
    return Fail(ErrorCode::kNotFound,
                "There is no entity " + std::to_string(entity) + " in " + s.Name() + ".");
  return std::move(**r);
}

Result<std::vector<int64_t>> Store::Neighborhood(const std::vector<int64_t>& seeds, int depth,
                                                 bool include_cooccurrence) {
  Impl& s = *impl_;
  return s.Guard("walk the neighbourhood", [&]() {
    Impl::Tx tx(s, false);
    std::set<int64_t> seen;
    std::vector<int64_t> frontier, next;
    for (int64_t seed : seeds)
      if (!seen.contains(seed) && s.EntityExists(seed)) {
        seen.insert(seed);
        frontier.push_back(seed);
      }
    for (int level = 0; level < depth && !frontier.empty(); ++level) {
      next.clear();
      for (int64_t u : frontier)
        for (const auto& [rel, v] : s.Hop(u, include_cooccurrence))
          if (seen.insert(v).second) next.push_back(v);
      frontier.swap(next);
    }
    return std::vector<int64_t>(seen.begin(), seen.end());
  });
}

Result<std::vector<LinkInfo>> Store::ShortestPath(int64_t from, int64_t to) {
  Impl& s = *impl_;
  auto r = s.Guard("find a path", [&]() -> std::optional<std::vector<LinkInfo>> {
    Impl::Tx tx(s, false);
    if (!s.EntityExists(from) || !s.EntityExists(to)) return std::nullopt;
    if (from == to) return std::vector<LinkInfo>{};
    // Bidirectional BFS with indexed one-hop queries, always expanding the smaller frontier by
    // one whole level, until the two searches meet: d = the shortest length. Then the walk from
    // `from` takes, at every step, the lowest relation id that stays on a shortest path, which
    // gives the lexicographically smallest relation-id sequence (as ShortestPathLinks does).
    std::unordered_map<int64_t, int> df{{from, 0}}, dt{{to, 0}};
    std::vector<int64_t> ff{from}, ft{to}, next;
    int max_df = 0, max_dt = 0;
    int d = -1;
    while (d < 0 && !ff.empty() && !ft.empty()) {
      const bool forward = ff.size() <= ft.size();
      auto& mine = forward ? df : dt;
      auto& other = forward ? dt : df;
      auto& frontier = forward ? ff : ft;
      next.clear();
      for (int64_t u : frontier) {
        const int du = mine.at(u);
        for (const auto& [rel, v] : s.Hop(u, false)) {
          if (auto it = other.find(v); it != other.end()) {
            const int len = du + 1 + it->second;
            if (d < 0 || len < d) d = len;
          }
          if (mine.emplace(v, du + 1).second) next.push_back(v);
        }
      }
      frontier.swap(next);
      if (!frontier.empty()) (forward ? max_df : max_dt) += 1;
    }
    if (d < 0) return std::nullopt;
    // Positions 0..p are judged with the forward distances (pruned to nodes on a shortest path),
    // positions after p with the exact backward distances.
    const int p = std::max(0, d - 1 - max_dt);
    std::vector<std::unordered_set<int64_t>> good(static_cast<size_t>(p) + 1);
    for (const auto& [w, j] : dt) {
      if (j != d - p - 1) continue;
      for (const auto& [rel, u] : s.Hop(w, false))
        if (auto it = df.find(u); it != df.end() && it->second == p) good[p].insert(u);
    }
    for (int k = p - 1; k >= 0; --k)
      for (int64_t w : good[k + 1])
        for (const auto& [rel, u] : s.Hop(w, false))
          if (auto it = df.find(u); it != df.end() && it->second == k) good[k].insert(u);
    std::vector<LinkInfo> path;
    int64_t u = from;
    for (int i = 0; i < d; ++i) {
      int64_t chosen_rel = -1, chosen = 0;
      for (const auto& [rel, w] : s.Hop(u, false)) {
        bool ok = false;
        if (i + 1 <= p) {
          ok = good[i + 1].contains(w);
        } else if (auto it = dt.find(w); it != dt.end()) {
          ok = it->second == d - i - 1;
        }
        if (ok) {
          chosen_rel = rel;
          chosen = w;
          break;  // Hop() is sorted by relation id
        }
      }
      if (chosen_rel < 0)
        throw SqlFailure{ErrorCode::kDatabase, "the graph changed while finding a path"};
      path.push_back(s.ReadLink(chosen_rel));
      u = chosen;
    }
    return path;
  });
  if (!r) return std::unexpected(r.error());
  if (!*r)
    return Fail(ErrorCode::kNotFound, "No chain of stated relations joins entity " +
                                          std::to_string(from) + " and entity " +
                                          std::to_string(to) + " in " + s.Name() + ".");
  return std::move(**r);
}

Result<GraphData> Store::LoadGraph(const GraphFilter& filter) {
  Impl& s = *impl_;
  return s.Guard("load the graph", [&]() {
    Impl::Tx tx(s, false);
    GraphData g;
    std::optional<std::unordered_set<int64_t>> only;
    if (filter.nodes) only.emplace(filter.nodes->begin(), filter.nodes->end());
    std::optional<std::unordered_set<int64_t>> in_doc;
    if (filter.document) {
      in_doc.emplace();
      Q q = s.Prep(
          "SELECT entity_id FROM mentions WHERE document_id = ?1 UNION "
          "SELECT entity_id FROM aliases WHERE document_id = ?1");
      q.B(1, *filter.document);
      while (q.Step()) in_doc->insert(q.I(0));
    }
    std::unordered_map<int64_t, size_t> index;
    {
      Q q = s.Prep("SELECT id, name, type FROM entities ORDER BY id");
      while (q.Step()) {
        const int64_t id = q.I(0);
        if (only && !only->contains(id)) continue;
        if (in_doc && !in_doc->contains(id)) continue;
        std::string type = q.S(2);
        if (!filter.types.empty() &&
            std::find(filter.types.begin(), filter.types.end(), type) == filter.types.end())
          continue;
        NodeInfo n;
        n.id = id;
        n.label = q.S(1);
        n.type = std::move(type);
        index.emplace(id, g.nodes.size());
        g.nodes.push_back(std::move(n));
      }
    }
    {
      Q q = s.Prep("SELECT DISTINCT entity_id, alias FROM aliases ORDER BY entity_id, alias");
      while (q.Step()) {
        auto it = index.find(q.I(0));
        if (it == index.end()) continue;
        NodeInfo& n = g.nodes[it->second];
        std::string a = q.S(1);
        if (a != n.label) n.aliases.push_back(std::move(a));
      }
    }
    {
      Q q = s.Prep(
          "SELECT entity_id, document_id FROM aliases WHERE document_id IS NOT NULL UNION "
          "SELECT entity_id, document_id FROM mentions ORDER BY 1, 2");
      while (q.Step()) {
        auto it = index.find(q.I(0));
        if (it != index.end()) g.nodes[it->second].documents.push_back(q.I(1));
      }
    }
    if (filter.with_details) {
      Q q = s.Prep(
          "SELECT entity_id, document_id, start, \"end\" FROM mentions "
          "ORDER BY entity_id, document_id, start, \"end\"");
      while (q.Step()) {
        auto it = index.find(q.I(0));
        if (it != index.end())
          g.nodes[it->second].mentions.push_back(
              {q.I(1), static_cast<uint32_t>(q.I(2)), static_cast<uint32_t>(q.I(3))});
      }
    }
    std::unordered_map<int64_t, size_t> link_index;
    {
      Q q = s.Prep("SELECT id, source_id, target_id, type, kind FROM relations ORDER BY id");
      while (q.Step()) {
        LinkInfo l;
        l.id = q.I(0);
        l.source = q.I(1);
        l.target = q.I(2);
        l.kind = q.I(4) ? RelationKind::kCooccurrence : RelationKind::kStated;
        if (!filter.include_cooccurrence && l.kind == RelationKind::kCooccurrence) continue;
        if (!index.contains(l.source) || !index.contains(l.target)) continue;
        l.type = q.S(3);
        link_index.emplace(l.id, g.links.size());
        g.links.push_back(std::move(l));
      }
    }
    if (filter.with_details) {
      Q q = s.Prep(
          "SELECT relation_id, document_id, start, \"end\", text FROM evidence "
          "ORDER BY relation_id, document_id, start, \"end\"");
      while (q.Step()) {
        auto it = link_index.find(q.I(0));
        if (it != link_index.end())
          g.links[it->second].evidence.push_back({q.I(1), static_cast<uint32_t>(q.I(2)),
                                                  static_cast<uint32_t>(q.I(3)), q.S(4)});
      }
    }
    const bool whole = !filter.nodes && filter.types.empty() && !filter.document;
    std::unordered_set<int64_t> cited;
    if (!whole) {
      for (const NodeInfo& n : g.nodes) {
        cited.insert(n.documents.begin(), n.documents.end());
        for (const MentionInfo& m : n.mentions) cited.insert(m.document);
      }
      for (const LinkInfo& l : g.links)
        for (const EvidenceInfo& e : l.evidence) cited.insert(e.document);
    }
    {
      Q q = s.Prep("SELECT id, path, title, metadata, content_hash FROM documents ORDER BY id");
      while (q.Step())
        if (whole || cited.contains(q.I(0))) g.documents.push_back(s.ReadDocument(q));
    }
    return g;
  });
}

// ---- import ----------------------------------------------------------------------------------

Status Store::ImportGraph(const GraphData& graph) {
  Impl& s = *impl_;
  // Validate references first.
  {
    std::unordered_set<int64_t> docs, nodes;
    for (const DocumentInfo& d : graph.documents)
      if (!docs.insert(d.id).second)
        return Fail(ErrorCode::kInvalid, "The graph repeats document id " + std::to_string(d.id) + ".");
    for (const NodeInfo& n : graph.nodes) {
      if (!nodes.insert(n.id).second)
        return Fail(ErrorCode::kInvalid, "The graph repeats node id " + std::to_string(n.id) + ".");
      for (int64_t d : n.documents)
        if (!docs.contains(d))
          return Fail(ErrorCode::kInvalid, "Node " + std::to_string(n.id) + " names document " +
                                               std::to_string(d) + ", which is not in the graph.");
      for (const MentionInfo& m : n.mentions)
        if (!docs.contains(m.document))
          return Fail(ErrorCode::kInvalid, "A mention of node " + std::to_string(n.id) +
                                               " names a missing document.");
    }
    for (const LinkInfo& l : graph.links) {
      if (!nodes.contains(l.source) || !nodes.contains(l.target))
        return Fail(ErrorCode::kInvalid, "Link " + std::to_string(l.id) +
                                             " joins a node that is not in the graph.");
      for (const EvidenceInfo& e : l.evidence)
        if (!docs.contains(e.document))
          return Fail(ErrorCode::kInvalid, "Evidence of link " + std::to_string(l.id) +
                                               " names a missing document.");
    }
  }
  return s.Guard("import a graph", [&]() {
    Impl::Tx tx(s, true);
    const bool keep_ids = s.IsEmpty();
    std::unordered_map<int64_t, int64_t> doc_map, node_map;
    for (const DocumentInfo& d : graph.documents) {
      if (!keep_ids) {
        if (auto existing = s.DocumentId(d.path)) {
          doc_map[d.id] = *existing;
          continue;
        }
      }
      s.Prep("INSERT INTO documents(id, path, title, metadata, content_hash, text, ingested_at) "
             "VALUES(?, ?, ?, ?, ?, '', ?)")
          .B(1, keep_ids ? std::optional<int64_t>(d.id) : std::nullopt)
          .B(2, d.path)
          .B(3, d.title)
          .B(4, MetadataToJson(d.metadata))
          .B(5, d.content_hash)
          .B(6, static_cast<int64_t>(std::time(nullptr)))
          .Run();
      doc_map[d.id] = sqlite3_last_insert_rowid(s.db);
    }
    for (const NodeInfo& n : graph.nodes) {
      int64_t id = 0;
      if (keep_ids) {
        s.Prep("INSERT INTO entities(id, name, type, key) VALUES(?, ?, ?, ?)")
            .B(1, n.id)
            .B(2, n.label)
            .B(3, n.type)
            .B(4, NormalizeKey(n.label))
            .Run();
        id = n.id;
      } else {
        std::vector<std::string> names{n.label};
        names.insert(names.end(), n.aliases.begin(), n.aliases.end());
        id = s.MergeOrInsertEntity(n.label, n.type, names);
      }
      node_map[n.id] = id;
      for (const std::string& a : n.aliases) s.InsertAlias(id, std::nullopt, a, false);
      for (int64_t d : n.documents) s.InsertAlias(id, doc_map.at(d), n.label, false);
      for (const MentionInfo& m : n.mentions) {
        s.Prep("INSERT OR IGNORE INTO mentions(entity_id, document_id, sentence_id, start, "
               "\"end\") VALUES(?, ?, NULL, ?, ?)")
            .B(1, id)
            .B(2, doc_map.at(m.document))
            .B(3, m.start)
            .B(4, m.end)
            .Run();
      }
    }
    for (const LinkInfo& l : graph.links) {
      const int64_t rel = s.FindOrInsertRelation(
          node_map.at(l.source), node_map.at(l.target), l.type, static_cast<int>(l.kind),
          keep_ids ? std::optional<int64_t>(l.id) : std::nullopt);
      for (const EvidenceInfo& e : l.evidence) {
        s.Prep("INSERT OR IGNORE INTO evidence(relation_id, document_id, sentence_id, start, "
               "\"end\", text) VALUES(?, ?, NULL, ?, ?, ?)")
            .B(1, rel)
            .B(2, doc_map.at(e.document))
            .B(3, e.start)
            .B(4, e.end)
            .B(5, e.text)
            .Run();
      }
    }
    std::set<int64_t> touched;
    for (const auto& [from, id] : node_map) touched.insert(id);
    for (int64_t id : touched) s.RefreshEntityFts(id);
    tx.Commit();
  });
}

// ---- default path ----------------------------------------------------------------------------

std::filesystem::path DefaultDatabasePath() {
  if (const char* db = std::getenv("ACCORD_DB"); db && *db) return db;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
    return std::filesystem::path(xdg) / "accord" / "accord.db";
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home && *home ? home : ".") / ".local" / "share" / "accord" /
         "accord.db";
}

}  // namespace accord::graph
