// The SQL of the store's schema versions (graph/src/store.cpp documents what the tables hold):
// kSchemaV1 creates a database, each later one migrates the previous version forward. Shared
// with graph/bench/store_floor.cpp, which measures what SQLite alone costs to fill them.
#pragma once

namespace accord::graph::schema {

inline constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE documents(
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL DEFAULT '',
  metadata TEXT NOT NULL DEFAULT '{}',
  content_hash TEXT NOT NULL DEFAULT '',
  ingested_at INTEGER NOT NULL DEFAULT 0,
  sentences BLOB NOT NULL DEFAULT x'',
  mentions BLOB NOT NULL DEFAULT x'',
  evidence BLOB NOT NULL DEFAULT x'',
  entity_ids BLOB NOT NULL DEFAULT x'',
  alias_ids BLOB NOT NULL DEFAULT x'',
  relation_ids BLOB NOT NULL DEFAULT x'',
  text TEXT NOT NULL DEFAULT '');
CREATE TABLE entities(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  key TEXT NOT NULL,
  fts_aliases TEXT NOT NULL DEFAULT '');
CREATE INDEX entities_by_key ON entities(key, type);
CREATE TABLE aliases(
  id INTEGER PRIMARY KEY,
  entity_id INTEGER NOT NULL,
  alias TEXT NOT NULL,
  key TEXT NOT NULL,
  local INTEGER NOT NULL DEFAULT 0,
  refs INTEGER NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX aliases_unique ON aliases(entity_id, alias, local);
CREATE INDEX aliases_by_key ON aliases(key, local, entity_id);
CREATE TABLE doc_entities(
  entity_id INTEGER NOT NULL,
  document_id INTEGER NOT NULL,
  mentions INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(entity_id, document_id)) WITHOUT ROWID;
CREATE TABLE relations(
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL,
  target_id INTEGER NOT NULL,
  type TEXT NOT NULL,
  kind INTEGER NOT NULL,
  UNIQUE(source_id, target_id, type, kind));
CREATE INDEX relations_by_target ON relations(target_id, kind);
CREATE TABLE relation_docs(
  relation_id INTEGER NOT NULL,
  document_id INTEGER NOT NULL,
  evidence INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(relation_id, document_id)) WITHOUT ROWID;
CREATE TABLE positions(
  entity_id INTEGER PRIMARY KEY,
  x REAL NOT NULL,
  y REAL NOT NULL,
  pinned INTEGER NOT NULL DEFAULT 0);
CREATE VIRTUAL TABLE entity_fts USING fts5(name, aliases, content='');
CREATE VIRTUAL TABLE sentence_fts USING fts5(text, content='');
)sql";

// Schema 2: document_pages (see store.cpp).
inline constexpr const char* kSchemaV2 = R"sql(
CREATE TABLE document_pages(
  document_id INTEGER PRIMARY KEY,
  page_starts BLOB NOT NULL);
)sql";

// Schema 3: document_parts (see store.cpp).
inline constexpr const char* kSchemaV3 = R"sql(
CREATE TABLE document_parts(
  document_id INTEGER NOT NULL,
  part INTEGER NOT NULL,
  sentences BLOB NOT NULL,
  mentions BLOB NOT NULL,
  evidence BLOB NOT NULL,
  PRIMARY KEY(document_id, part));
)sql";

}  // namespace accord::graph::schema
