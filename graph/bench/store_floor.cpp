// accord_store_floor: measures the store-side CPU floor of putting the `accord bench ingest` corpus into
// SQLite with Accord's schema shape, pragmas and transaction grouping (issue 2 evidence).
//
//   accord_store_floor CORPUS_DIR REAL_DB SCRATCH_DIR REPS [CONFIG...]
//
// CORPUS_DIR  the corpus written by `accord bench ingest --keep`
// REAL_DB     the database the same bench wrote (--db): floor "d" copies its per-document BLOBs,
//             link rows, entities, aliases and relations so the row shapes and counts are real
// SCRATCH_DIR where the fresh databases are made (each run deletes its own files)
// CONFIG      a, b, c-column, c-none, d, plain, tok-unicode61, tok-ascii (default: these), and
//             b-nomerge (b without FTS5 automerge), b-docfts (the FTS rows are whole documents),
//             d-blobs, d-ent, d-rel, d-links (b + one part of d each), d-rel-noidx (d-rel
//             without the relations table's UNIQUE and by-target indexes)
//
// Everything is read into memory first; the timed region is the ingest loop on this thread
// (CLOCK_THREAD_CPUTIME_ID), from the first BEGIN to the last COMMIT. Closing (the final WAL
// checkpoint) is timed separately.
#include <sqlite3.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "../src/store_schema.hpp"

namespace fs = std::filesystem;

namespace {

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "floor: %s\n", what.c_str());
  std::exit(1);
}

double ThreadCpu() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}
double Wall() {
  timespec t{};
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

struct Span {
  uint32_t start, end;
};

struct Relation {
  int64_t id, source, target, kind;
  std::string type;
};
struct Entity {
  int64_t id;
  std::string name, type, key, fts_aliases;
};
struct Alias {
  int64_t id, entity;
  std::string alias, key;
  int64_t local;
};
struct Link {
  int64_t a, doc, n;  // (entity or relation, document, count)
  bool operator<(const Link& o) const { return std::tie(a, doc) < std::tie(o.a, o.doc); }
};

struct Doc {
  int64_t id = 0;
  std::string path, text;
  std::vector<Span> sentences;  // the cheap split (". " and newlines)
  // From the real database (floor d only).
  std::string title, metadata = "{}", hash;
  std::string b_sentences, b_mentions, b_evidence, b_entity_ids, b_alias_ids, b_relation_ids;
  std::vector<Entity> new_entities;    // entities first seen in this document
  std::vector<Alias> new_aliases;      // aliases of those entities
  std::vector<Relation> new_relations; // relations first supported by this document
  std::vector<Link> doc_entities, relation_docs;
  std::vector<int64_t> alias_refs;     // alias row ids this document references
};

// Split at ". " (the period stays with the sentence) and at newlines; leading blanks and
// empty pieces are dropped.
void Split(Doc& d) {
  const std::string& t = d.text;
  size_t i = 0, start = 0;
  auto emit = [&](size_t s, size_t e) {
    while (s < e && (t[s] == ' ' || t[s] == '\t' || t[s] == '\r')) ++s;
    while (e > s && (t[e - 1] == ' ' || t[e - 1] == '\r')) --e;
    if (e > s) d.sentences.push_back({static_cast<uint32_t>(s), static_cast<uint32_t>(e)});
  };
  while (i < t.size()) {
    if (t[i] == '\n') {
      emit(start, i);
      start = ++i;
    } else if (t[i] == '.' && i + 1 < t.size() && t[i + 1] == ' ') {
      emit(start, i + 1);
      start = i += 2;
    } else {
      ++i;
    }
  }
  emit(start, t.size());
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) Die("cannot read " + p.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<int64_t> UnpackIds(const std::string& b) {  // zigzag varints
  std::vector<int64_t> out;
  uint64_t v = 0;
  int shift = 0;
  for (unsigned char c : b) {
    v |= uint64_t(c & 0x7f) << shift;
    if (c & 0x80) {
      shift += 7;
      continue;
    }
    out.push_back(static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1));
    v = 0;
    shift = 0;
  }
  return out;
}

// ---- a thin SQLite layer -----------------------------------------------------------------

struct Db {
  sqlite3* db = nullptr;
  std::unordered_map<const char*, sqlite3_stmt*> cache;
  void Exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK)
      Die(std::string("SQL failed: ") + (err ? err : "?") + " in: " + sql.substr(0, 80));
  }
  sqlite3_stmt* Prep(const char* sql) {  // cached by the literal's address, as the store does
    auto& s = cache[sql];
    if (!s && sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK)
      Die(std::string("prepare failed: ") + sqlite3_errmsg(db));
    return s;
  }
  void Run(sqlite3_stmt* s) {
    int rc = sqlite3_step(s);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) Die(std::string("step failed: ") + sqlite3_errmsg(db));
    sqlite3_reset(s);
  }
  void Close() {
    for (auto& [k, s] : cache) sqlite3_finalize(s);
    cache.clear();
    if (sqlite3_close(db) != SQLITE_OK) Die("close failed");
    db = nullptr;
  }
};

void BindText(sqlite3_stmt* s, int i, std::string_view v) {
  sqlite3_bind_text(s, i, v.empty() ? "" : v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
}
void BindBlob(sqlite3_stmt* s, int i, const std::string& v) {
  sqlite3_bind_blob(s, i, v.empty() ? "" : v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
}

// Accord's schema 1 (graph/src/store_schema.hpp) without its sentence index, which the config
// gives: the sentence index's detail option or, for "plain", an ordinary table in its place.
std::string Schema(const std::string& config) {
  std::string s = accord::graph::schema::kSchemaV1;
  auto cut = [&](const std::string& what) {
    const size_t at = s.find(what);
    if (at == std::string::npos) Die("schema edit failed");
    s.erase(at, what.size());
  };
  cut("CREATE VIRTUAL TABLE sentence_fts USING fts5(text, content='');\n");
  if (config == "d-rel-noidx") {  // relations as a bare rowid table: what its two indexes cost
    const std::string a = "  UNIQUE(source_id, target_id, type, kind));\nCREATE INDEX relations_by_target ON relations(target_id, kind);\n";
    const size_t at = s.find(a);
    if (at == std::string::npos) Die("schema edit failed");
    s.replace(at, a.size(), "  unused INTEGER);\n");
  }
  if (config == "plain")
    s += "CREATE TABLE sentence_plain(id INTEGER PRIMARY KEY, text TEXT NOT NULL);\n";
  else if (config == "c-column")
    s += "CREATE VIRTUAL TABLE sentence_fts USING fts5(text, content='', detail=column);\n";
  else if (config == "c-none")
    s += "CREATE VIRTUAL TABLE sentence_fts USING fts5(text, content='', detail=none);\n";
  else
    s += "CREATE VIRTUAL TABLE sentence_fts USING fts5(text, content='');\n";
  return s;
}

struct RunResult {
  double cpu = 0, wall = 0, close_wall = 0;
  int64_t rows = 0;        // sentence rows
  int64_t db_bytes = 0;
};

constexpr int64_t kBatchBytes = 4 << 20;
constexpr size_t kBatchDocs = 512;

RunResult IngestRun(const std::vector<Doc>& docs, const std::string& config, const fs::path& file) {
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(file.string() + suffix);
  Db d;
  if (sqlite3_open(file.c_str(), &d.db) != SQLITE_OK) Die("cannot open " + file.string());
  d.Exec("PRAGMA journal_mode=WAL");
  d.Exec("PRAGMA synchronous=NORMAL");
  d.Exec("PRAGMA cache_size=-65536");
  d.Exec("PRAGMA temp_store=MEMORY");
  d.Exec("PRAGMA mmap_size=268435456");
  d.Exec("PRAGMA wal_autocheckpoint=8192");
  d.Exec("BEGIN IMMEDIATE");
  d.Exec(Schema(config));
  if (config != "plain")
    d.Exec("INSERT INTO sentence_fts(sentence_fts, rank) VALUES('hashsize', 33554432)");
  if (config == "b-nomerge")  // no incremental merging during the ingest (what merges cost)
    d.Exec("INSERT INTO sentence_fts(sentence_fts, rank) VALUES('automerge', 0)");
  d.Exec("COMMIT");

  const bool fts = config != "a" && config != "plain";
  const bool plain = config == "plain";
  // d = all of the graph parts; d-blobs, d-ent, d-rel, d-links = b plus one part, to split d.
  const bool all = config == "d";
  const bool blobs = all || config == "d-blobs";
  const bool ents = all || config == "d-ent";
  const bool rels = all || config == "d-rel" || config == "d-rel-noidx";
  const bool links = all || config == "d-links";
  const bool graph = blobs || ents || rels || links;
  RunResult r;

  std::vector<Relation> pending_rel;
  std::vector<Link> pending_de, pending_rd;
  std::map<int64_t, int64_t> pending_refs;

  const double c0 = ThreadCpu(), w0 = Wall();
  size_t i = 0;
  while (i < docs.size()) {
    d.Run(d.Prep("BEGIN IMMEDIATE"));
    int64_t bytes = 0;
    size_t n = 0;
    for (; i < docs.size() && bytes < kBatchBytes && n < kBatchDocs; ++i, ++n) {
      const Doc& doc = docs[i];
      bytes += static_cast<int64_t>(doc.text.size());
      if (graph) {
        // New entities (with their final FTS row) and aliases at once; the store defers the
        // FTS rows to the flush, written once per entity here.
        if (ents) for (const Entity& e : doc.new_entities) {
          sqlite3_stmt* s =
              d.Prep("INSERT INTO entities(id, name, type, key, fts_aliases) VALUES(?, ?, ?, ?, ?)");
          sqlite3_bind_int64(s, 1, e.id);
          BindText(s, 2, e.name);
          BindText(s, 3, e.type);
          BindText(s, 4, e.key);
          BindText(s, 5, e.fts_aliases);
          d.Run(s);
          s = d.Prep("INSERT INTO entity_fts(rowid, name, aliases) VALUES(?, ?, ?)");
          sqlite3_bind_int64(s, 1, e.id);
          BindText(s, 2, e.name);
          BindText(s, 3, e.fts_aliases);
          d.Run(s);
        }
        if (ents) for (const Alias& a : doc.new_aliases) {
          sqlite3_stmt* s = d.Prep(
              "INSERT INTO aliases(id, entity_id, alias, key, local, refs) VALUES(?, ?, ?, ?, ?, 0)");
          sqlite3_bind_int64(s, 1, a.id);
          sqlite3_bind_int64(s, 2, a.entity);
          BindText(s, 3, a.alias);
          BindText(s, 4, a.key);
          sqlite3_bind_int64(s, 5, a.local);
          d.Run(s);
        }
        if (rels)
          pending_rel.insert(pending_rel.end(), doc.new_relations.begin(), doc.new_relations.end());
        if (links) {
          pending_de.insert(pending_de.end(), doc.doc_entities.begin(), doc.doc_entities.end());
          pending_rd.insert(pending_rd.end(), doc.relation_docs.begin(), doc.relation_docs.end());
        }
        if (ents) for (int64_t a : doc.alias_refs) ++pending_refs[a];
      }
      if (fts || plain) {
        sqlite3_stmt* s = d.Prep(plain ? "INSERT INTO sentence_plain(id, text) VALUES(?, ?)"
                                       : "INSERT INTO sentence_fts(rowid, text) VALUES(?, ?)");
        if (config == "b-docfts") {  // the same text as one FTS row per document
          sqlite3_bind_int64(s, 1, doc.id);
          BindText(s, 2, doc.text);
          d.Run(s);
          r.rows += 1;
        } else for (size_t k = 0; k < doc.sentences.size(); ++k) {
          const Span sp = doc.sentences[k];
          sqlite3_bind_int64(s, 1, (doc.id << 24) | static_cast<int64_t>(k));
          BindText(s, 2, std::string_view(doc.text).substr(sp.start, sp.end - sp.start));
          d.Run(s);
        }
        if (config != "b-docfts") r.rows += static_cast<int64_t>(doc.sentences.size());
      }
      sqlite3_stmt* s = d.Prep(
          "INSERT INTO documents(id, path, title, metadata, content_hash, ingested_at, sentences, "
          "mentions, evidence, entity_ids, alias_ids, relation_ids, text) "
          "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      sqlite3_bind_int64(s, 1, doc.id);
      BindText(s, 2, doc.path);
      BindText(s, 3, blobs ? doc.title : std::string_view());
      BindText(s, 4, blobs ? doc.metadata : std::string_view("{}"));
      BindText(s, 5, blobs ? doc.hash : std::string_view());
      sqlite3_bind_int64(s, 6, 1764470000);
      static const std::string empty;
      BindBlob(s, 7, blobs ? doc.b_sentences : empty);
      BindBlob(s, 8, blobs ? doc.b_mentions : empty);
      BindBlob(s, 9, blobs ? doc.b_evidence : empty);
      BindBlob(s, 10, blobs ? doc.b_entity_ids : empty);
      BindBlob(s, 11, blobs ? doc.b_alias_ids : empty);
      BindBlob(s, 12, blobs ? doc.b_relation_ids : empty);
      BindText(s, 13, doc.text);
      d.Run(s);
    }
    if (graph) {  // the store's FlushPending: each table in key order
      std::sort(pending_rel.begin(), pending_rel.end(), [](const Relation& x, const Relation& y) {
        return std::tie(x.source, x.target, x.type, x.kind) <
               std::tie(y.source, y.target, y.type, y.kind);
      });
      for (const Relation& rel : pending_rel) {
        sqlite3_stmt* s = d.Prep(
            "INSERT INTO relations(id, source_id, target_id, type, kind) VALUES(?, ?, ?, ?, ?)");
        sqlite3_bind_int64(s, 1, rel.id);
        sqlite3_bind_int64(s, 2, rel.source);
        sqlite3_bind_int64(s, 3, rel.target);
        BindText(s, 4, rel.type);
        sqlite3_bind_int64(s, 5, rel.kind);
        d.Run(s);
      }
      for (const auto& [id, n] : pending_refs) {
        sqlite3_stmt* s = d.Prep("UPDATE aliases SET refs = refs + ? WHERE id = ?");
        sqlite3_bind_int64(s, 1, n);
        sqlite3_bind_int64(s, 2, id);
        d.Run(s);
      }
      // A link table's rows of the transaction, in key order (as the store writes them).
      auto write_links = [&](std::vector<Link>& links, const char* sql) {
        std::sort(links.begin(), links.end());
        for (const Link& l : links) {
          sqlite3_stmt* s = d.Prep(sql);
          sqlite3_bind_int64(s, 1, l.a);
          sqlite3_bind_int64(s, 2, l.doc);
          sqlite3_bind_int64(s, 3, l.n);
          d.Run(s);
        }
      };
      write_links(pending_de,
                  "INSERT INTO doc_entities(entity_id, document_id, mentions) VALUES(?, ?, ?)");
      write_links(pending_rd,
                  "INSERT INTO relation_docs(relation_id, document_id, evidence) VALUES(?, ?, ?)");
      pending_rel.clear();
      pending_de.clear();
      pending_rd.clear();
      pending_refs.clear();
    }
    d.Run(d.Prep("COMMIT"));
  }
  r.cpu = ThreadCpu() - c0;
  r.wall = Wall() - w0;
  const double w1 = Wall();
  d.Close();
  r.close_wall = Wall() - w1;
  std::error_code ec;
  r.db_bytes = static_cast<int64_t>(fs::file_size(file, ec));
  if (!std::getenv("FLOOR_KEEP"))  // FLOOR_KEEP=1 keeps the database for inspection
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(file.string() + suffix);
  return r;
}

// The tokenizer alone: every sentence through FTS5's xTokenize with a callback that only counts.
RunResult TokenizeRun(const std::vector<Doc>& docs, const char* name) {
  sqlite3* db = nullptr;
  sqlite3_open(":memory:", &db);
  fts5_api* api = nullptr;
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, nullptr);
  sqlite3_bind_pointer(s, 1, &api, "fts5_api_ptr", nullptr);
  sqlite3_step(s);
  sqlite3_finalize(s);
  if (!api) Die("no fts5_api");
  void* ud = nullptr;
  fts5_tokenizer tok{};
  if (api->xFindTokenizer(api, name, &ud, &tok) != SQLITE_OK) Die(std::string("no tokenizer ") + name);
  Fts5Tokenizer* t = nullptr;
  if (tok.xCreate(ud, nullptr, 0, &t) != SQLITE_OK) Die("tokenizer create failed");
  int64_t tokens = 0;
  auto cb = [](void* ctx, int, const char*, int, int, int) -> int {
    ++*static_cast<int64_t*>(ctx);
    return SQLITE_OK;
  };
  RunResult r;
  const double c0 = ThreadCpu(), w0 = Wall();
  for (const Doc& doc : docs)
    for (const Span sp : doc.sentences) {
      tok.xTokenize(t, &tokens, FTS5_TOKENIZE_DOCUMENT, doc.text.data() + sp.start,
                    static_cast<int>(sp.end - sp.start), cb);
      ++r.rows;
    }
  r.cpu = ThreadCpu() - c0;
  r.wall = Wall() - w0;
  tok.xDelete(t);
  sqlite3_close(db);
  std::fprintf(stderr, "  %s: %lld tokens\n", name, static_cast<long long>(tokens));
  return r;
}

// Per-document rows of the real database, keyed by path (floor d).
void LoadReal(std::vector<Doc>& docs, const std::string& real) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(real.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
    Die("cannot open " + real);
  auto q = [&](const char* sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK) Die(sqlite3_errmsg(db));
    return s;
  };
  auto T = [](sqlite3_stmt* s, int c) {
    const void* p = sqlite3_column_blob(s, c);
    return std::string(static_cast<const char*>(p ? p : ""), sqlite3_column_bytes(s, c));
  };
  std::unordered_map<std::string, size_t> by_path;
  for (size_t i = 0; i < docs.size(); ++i) by_path[docs[i].path] = i;
  std::unordered_map<int64_t, size_t> by_id;
  sqlite3_stmt* s = q(
      "SELECT id, path, title, metadata, content_hash, sentences, mentions, evidence, entity_ids, "
      "alias_ids, relation_ids FROM documents");
  while (sqlite3_step(s) == SQLITE_ROW) {
    auto it = by_path.find(T(s, 1));
    if (it == by_path.end()) Die("the real database holds a document the corpus lacks: " + T(s, 1));
    Doc& d = docs[it->second];
    d.id = sqlite3_column_int64(s, 0);
    by_id[d.id] = it->second;
    d.title = T(s, 2);
    d.metadata = T(s, 3);
    d.hash = T(s, 4);
    d.b_sentences = T(s, 5);
    d.b_mentions = T(s, 6);
    d.b_evidence = T(s, 7);
    d.b_entity_ids = T(s, 8);
    d.b_alias_ids = T(s, 9);
    d.b_relation_ids = T(s, 10);
    d.alias_refs = UnpackIds(d.b_alias_ids);
  }
  sqlite3_finalize(s);
  if (by_id.size() != docs.size()) Die("the real database does not hold every corpus file");
  // First document of each entity / relation = the smallest document id linking it.
  std::unordered_map<int64_t, int64_t> entity_doc;
  s = q("SELECT entity_id, document_id, mentions FROM doc_entities");
  while (sqlite3_step(s) == SQLITE_ROW) {
    const int64_t e = sqlite3_column_int64(s, 0), doc = sqlite3_column_int64(s, 1);
    docs[by_id.at(doc)].doc_entities.push_back({e, doc, sqlite3_column_int64(s, 2)});
    auto [it, fresh] = entity_doc.emplace(e, doc);
    if (!fresh) it->second = std::min(it->second, doc);
  }
  sqlite3_finalize(s);
  const int64_t first_doc = docs.front().id;
  s = q("SELECT id, name, type, key, fts_aliases FROM entities ORDER BY id");
  while (sqlite3_step(s) == SQLITE_ROW) {
    const int64_t e = sqlite3_column_int64(s, 0);
    auto it = entity_doc.find(e);
    const int64_t doc = it == entity_doc.end() ? first_doc : it->second;
    docs[by_id.at(doc)].new_entities.push_back({e, T(s, 1), T(s, 2), T(s, 3), T(s, 4)});
    if (it == entity_doc.end()) entity_doc.emplace(e, doc);
  }
  sqlite3_finalize(s);
  s = q("SELECT id, entity_id, alias, key, local FROM aliases ORDER BY id");
  while (sqlite3_step(s) == SQLITE_ROW) {
    const int64_t e = sqlite3_column_int64(s, 1);
    docs[by_id.at(entity_doc.at(e))].new_aliases.push_back(
        {sqlite3_column_int64(s, 0), e, T(s, 2), T(s, 3), sqlite3_column_int64(s, 4)});
  }
  sqlite3_finalize(s);
  std::unordered_map<int64_t, int64_t> relation_doc;
  s = q("SELECT relation_id, document_id, evidence FROM relation_docs");
  while (sqlite3_step(s) == SQLITE_ROW) {
    const int64_t rel = sqlite3_column_int64(s, 0), doc = sqlite3_column_int64(s, 1);
    docs[by_id.at(doc)].relation_docs.push_back({rel, doc, sqlite3_column_int64(s, 2)});
    auto [it, fresh] = relation_doc.emplace(rel, doc);
    if (!fresh) it->second = std::min(it->second, doc);
  }
  sqlite3_finalize(s);
  s = q("SELECT id, source_id, target_id, type, kind FROM relations ORDER BY id");
  while (sqlite3_step(s) == SQLITE_ROW) {
    const int64_t rel = sqlite3_column_int64(s, 0);
    auto it = relation_doc.find(rel);
    const int64_t doc = it == relation_doc.end() ? first_doc : it->second;
    docs[by_id.at(doc)].new_relations.push_back({rel, sqlite3_column_int64(s, 1),
                                                 sqlite3_column_int64(s, 2),
                                                 sqlite3_column_int64(s, 4), T(s, 3)});
  }
  sqlite3_finalize(s);
  sqlite3_close(db);
  std::sort(docs.begin(), docs.end(), [](const Doc& x, const Doc& y) { return x.id < y.id; });
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) Die("usage: floor CORPUS_DIR REAL_DB SCRATCH_DIR REPS [CONFIG...]");
  const fs::path corpus = argv[1];
  const std::string real = argv[2];
  const fs::path scratch = argv[3];
  const int reps = std::atoi(argv[4]);
  std::vector<std::string> configs;
  for (int i = 5; i < argc; ++i) configs.emplace_back(argv[i]);
  if (configs.empty())
    configs = {"a", "b", "c-column", "c-none", "d", "plain", "tok-unicode61", "tok-ascii"};

  std::vector<Doc> docs;
  for (const auto& e : fs::recursive_directory_iterator(corpus))
    if (e.is_regular_file()) {
      Doc d;
      d.path = fs::absolute(e.path()).string();
      docs.push_back(std::move(d));
    }
  std::sort(docs.begin(), docs.end(), [](const Doc& x, const Doc& y) { return x.path < y.path; });
  int64_t total = 0, rows = 0;
  for (size_t i = 0; i < docs.size(); ++i) {
    docs[i].id = static_cast<int64_t>(i) + 1;
    docs[i].text = ReadFile(docs[i].path);
    total += static_cast<int64_t>(docs[i].text.size());
    Split(docs[i]);
    rows += static_cast<int64_t>(docs[i].sentences.size());
  }
  LoadReal(docs, real);
  int64_t ents = 0, rels = 0, de = 0, rd = 0, al = 0, mention_bytes = 0;
  for (const Doc& d : docs) {
    ents += d.new_entities.size();
    rels += d.new_relations.size();
    de += d.doc_entities.size();
    rd += d.relation_docs.size();
    al += d.new_aliases.size();
    mention_bytes += d.b_mentions.size();
  }
  const double mb = total / 1e6;
  std::printf("corpus %zu files, %.2f MB, %lld sentence rows (cheap split), entities %lld, "
              "aliases %lld, relations %lld, doc_entities %lld, relation_docs %lld, "
              "mention BLOB bytes %lld\n",
              docs.size(), mb, static_cast<long long>(rows), static_cast<long long>(ents),
              static_cast<long long>(al), static_cast<long long>(rels),
              static_cast<long long>(de), static_cast<long long>(rd),
              static_cast<long long>(mention_bytes));
  std::fflush(stdout);

  // Round-robin over configs so a busy spell on the shared machine spreads over all of them.
  std::map<std::string, std::vector<RunResult>> results;
  for (int rep = 0; rep < reps; ++rep)
    for (const std::string& c : configs) {
      RunResult r = c.starts_with("tok-") ? TokenizeRun(docs, c.c_str() + 4)
                                          : IngestRun(docs, c, scratch / ("floor-" + c + ".db"));
      std::printf("run %d %-14s cpu %7.3f s = %6.1f ms/MB  wall %7.3f s  close %.3f s  rows %lld  "
                  "db %.1f MB\n",
                  rep + 1, c.c_str(), r.cpu, r.cpu * 1000 / mb, r.wall, r.close_wall,
                  static_cast<long long>(r.rows), r.db_bytes / 1e6);
      std::fflush(stdout);
      results[c].push_back(r);
    }
  std::printf("\nmedian of %d: config, thread CPU ms/MB, MB/s on one core, wall ms/MB\n", reps);
  for (const std::string& c : configs) {
    auto v = results[c];
    std::sort(v.begin(), v.end(), [](const RunResult& x, const RunResult& y) { return x.cpu < y.cpu; });
    const RunResult& m = v[v.size() / 2];
    std::vector<double> walls;
    for (const auto& r : v) walls.push_back(r.wall);
    std::sort(walls.begin(), walls.end());
    std::printf("%-14s %7.1f ms/MB  %6.1f MB/s  wall %7.1f ms/MB\n", c.c_str(), m.cpu * 1000 / mb,
                mb / m.cpu, walls[walls.size() / 2] * 1000 / mb);
  }
  return 0;
}
