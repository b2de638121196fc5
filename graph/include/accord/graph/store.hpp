// graph::Store: the knowledge graph kept in one SQLite file. The only place that speaks SQL.
//
// Schema (PRAGMA user_version = kSchemaVersion, migrated forward on open): documents (path,
// title, metadata, content hash, text, and the document's sentence spans, mentions and
// evidence packed into BLOBs; a document stored in parts keeps those in document_parts, a row
// per part), entities (canonical name, type, key), aliases (one row per
// distinct surface form, reference-counted by the documents that give it), relations (source,
// target, type, kind), link tables doc_entities / relation_docs (which documents support an
// entity or relation, with counts), and contentless FTS5 indexes over entity names + aliases
// and over sentences (snippets are cut from the stored text). WAL journal, synchronous=NORMAL,
// busy timeout. store.cpp documents the packed layouts.
//
// Every document is ingested in one transaction (IngestDocuments: one for the whole batch).
// Re-ingesting an unchanged file (same path, same content hash) is a no-op; a changed file
// replaces only its own contribution; removing a document removes the entities, aliases and
// relations that only it supported.
//
// Entities merge across documents when their type is equal and the canonical name or a
// non-local alias of one has the same NormalizeKey() as the canonical name or a non-local alias
// of the other.
//
// Busy timeout: 5000 ms by default; the environment variable ACCORD_BUSY_TIMEOUT_MS overrides
// it (read at Open; the tests use it to keep the locked-database case short).
//
// Writers keep in-memory maps of merge keys, aliases and relations (loaded on first ingest,
// kept exact by their own writes, dropped when another connection has committed).
//
// Thread use: one Store per thread (each owns its own connection); statements never cross
// threads. Several processes may open the same file: readers never block the writer (WAL).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "accord/graph/records.hpp"
#include "accord/graph/result.hpp"

namespace accord::graph {

inline constexpr int kSchemaVersion = 3;

enum class OpenMode { kReadWrite, kReadOnly };

enum class IngestOutcome { kAdded, kReplaced, kUnchanged };

// A node's place in the explorer's layout, in world units.
struct NodePosition {
  int64_t entity = 0;
  float x = 0;
  float y = 0;
  bool pinned = false;
};

struct TypeCount {
  std::string type;
  int64_t count = 0;
};

struct Stats {
  int64_t documents = 0;
  int64_t sentences = 0;
  int64_t entities = 0;
  int64_t aliases = 0;
  int64_t mentions = 0;
  int64_t relations = 0;        // stated relations
  int64_t cooccurrences = 0;    // co-occurrence edges (weaker kind)
  int64_t evidence = 0;
  std::vector<TypeCount> entity_types;    // by count desc, then type
  std::vector<TypeCount> relation_types;  // stated only, by count desc, then type
};

struct SearchHit {
  enum class Kind { kEntity, kSentence } kind = Kind::kEntity;
  int64_t entity = 0;       // kEntity: the entity id
  std::string label;        // kEntity: canonical name; kSentence: document title
  std::string type;         // kEntity: entity type; kSentence: "sentence"
  int64_t document = 0;     // kSentence: the document id
  uint32_t start = 0;       // kSentence: byte span of the sentence in its document
  uint32_t end = 0;
  std::string snippet;      // matched text with the match wrapped in [ and ]
  double rank = 0;          // lower is better (FTS5 bm25)
};

// One mention or evidence sentence with its context, for `show` and the inspector.
struct SentenceRef {
  int64_t document = 0;
  std::string document_title;
  uint32_t sentence_start = 0;  // byte span of the sentence in the document
  uint32_t sentence_end = 0;
  uint32_t start = 0;           // byte span of the mention (or evidence) in the document
  uint32_t end = 0;
  std::string sentence;         // the sentence text, verbatim
  uint32_t page = 0;            // 1-based page of `start` (PDF), 0 when unknown
};

struct RelationRef {
  int64_t relation = 0;
  std::string type;
  RelationKind kind = RelationKind::kStated;
  bool outgoing = true;         // true: this entity is the source
  int64_t other = 0;            // the entity at the other end
  std::string other_label;
  std::string other_type;
  std::vector<SentenceRef> evidence;
};

struct EntityDetail {
  int64_t id = 0;
  std::string label;
  std::string type;
  std::vector<std::string> aliases;
  std::vector<DocumentInfo> documents;
  std::vector<SentenceRef> mentions;      // by document, then offset
  std::vector<RelationRef> relations;     // stated first, by type, then other label
};

// What LoadGraph returns. Empty optionals mean "no restriction".
struct GraphFilter {
  std::optional<std::vector<int64_t>> nodes;  // only these entities
  std::vector<std::string> types;             // only these entity types (empty: all)
  std::optional<int64_t> document;            // only entities mentioned in this document
  bool include_cooccurrence = true;
  bool with_details = true;                   // mentions and evidence (false: structure only)
};

// A document given to the store a part at a time (Store::IngestDocumentInParts), for texts
// too large to hold extracted whole: only one part, the document's entity table and the
// store's own bounded buffers are in memory at once.
class DocumentParts {
 public:
  virtual ~DocumentParts() = default;
  // Fills `part` with the next part: true, or false when there is none left. An error (a
  // cancel, a read failure) ends the ingest with nothing of the document stored.
  virtual Result<bool> Next(DocumentPart& part) = 0;
  // The document's entities so far, by the index parts use: the table only grows, and an
  // entity's name and type never change (its aliases may grow).
  virtual const std::vector<EntityRec>& Entities() const = 0;
  // The bytes [offset, offset + n) of the document's text, asked for in order after the last
  // part (to store the text); valid until the next call.
  virtual Result<std::string_view> TextPiece(uint64_t offset, size_t n) = 0;
};

class Store {
 public:
  // Opens (and in kReadWrite mode creates and migrates) the database at `path`. Fails with
  // kSchemaTooNew for a newer schema, kDatabase for a file that is not an Accord database.
  static Result<Store> Open(const std::filesystem::path& path,
                            OpenMode mode = OpenMode::kReadWrite);

  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  const std::filesystem::path& path() const;

  // --- documents -----------------------------------------------------------------------------
  // The stored content hash of a document, if the path is known. Lets callers skip extraction.
  Result<std::optional<std::string>> DocumentHash(std::string_view path);
  // Adds or replaces one document and everything extracted from it, in one transaction.
  Result<IngestOutcome> IngestDocument(const DocumentRec& doc);
  // The same for several documents in ONE transaction (outcomes in input order; a path given
  // twice is simply ingested twice, in order). Much faster per document than IngestDocument
  // for small documents: the commit and the flush of the full-text index are paid once per
  // batch. All or nothing: on any failure nothing of the batch is stored. Batches of a few MB
  // of text keep the write lock short for other processes.
  Result<std::vector<IngestOutcome>> IngestDocuments(std::span<const DocumentRec> docs);
  // Adds or replaces one document given in parts, in one transaction: `head` carries its path,
  // title, metadata and content hash (its text and extraction are ignored), `text_size` its
  // text's length. The result equals IngestDocument of the whole document, except that an
  // entity merges with the stored graph by the aliases known when a part first names it.
  // Each part's packed sentences, mentions and evidence are a row of their own
  // (document_parts) and the text is written a piece at a time, so memory does not grow with
  // the text.
  Result<IngestOutcome> IngestDocumentInParts(const DocumentRec& head, uint64_t text_size,
                                              DocumentParts& parts);
  // Removes a document and what only it supported. false when the path is unknown.
  Result<bool> RemoveDocument(std::string_view path);
  Result<std::vector<DocumentInfo>> ListDocuments();
  // The stored original text of a document (empty for documents that came from an import).
  Result<std::string> DocumentText(int64_t document);

  // --- queries -------------------------------------------------------------------------------
  // A number that changes whenever another connection (another process, or another Store on
  // the same file) has committed since the last call; this Store's own writes leave it alone.
  // Cheap, no disk read while nothing changed (PRAGMA data_version): the explorer polls it.
  Result<int64_t> DataVersion();
  Result<Stats> GetStats();
  // Ranked full-text search over entity names, aliases and sentences. Any user text is safe:
  // it is tokenised and quoted before it reaches FTS5 (only its first 32 words count); text
  // with no searchable word gives an empty result. Entity hits come first, then sentence hits, each by rank.
  Result<std::vector<SearchHit>> Search(std::string_view query, int limit = 20);
  // Entities whose canonical name or alias has NormalizeKey(name); most-mentioned first.
  Result<std::vector<int64_t>> FindEntities(std::string_view name);
  // The best entity for a user-given name: exact key match, else the top search hit.
  // kNotFound with a sentence naming `name` when nothing matches.
  Result<int64_t> ResolveEntity(std::string_view name);
  Result<EntityDetail> GetEntity(int64_t entity);
  // Entity ids within `depth` hops of `seeds` (undirected), seeds included, sorted.
  Result<std::vector<int64_t>> Neighborhood(const std::vector<int64_t>& seeds, int depth,
                                            bool include_cooccurrence = false);
  // Shortest undirected path over stated relations: the links in order from `from` to `to`
  // (with evidence). Empty when from == to; kNotFound when no path exists.
  Result<std::vector<LinkInfo>> ShortestPath(int64_t from, int64_t to);
  Result<GraphData> LoadGraph(const GraphFilter& filter = {});

  // --- import --------------------------------------------------------------------------------
  // Adds a graph (as read by ReadGraphJson) in one transaction. Into an empty database ids are
  // kept, so export -> import -> export is byte-identical. Documents are matched by path.
  Status ImportGraph(const GraphData& graph);

  // --- layout positions (the explorer's picture survives a restart) ---------------------------
  // Every stored position; entities that no longer exist are left out.
  Result<std::vector<NodePosition>> LoadPositions();
  // Replaces the stored positions with `positions` in one transaction.
  Status SavePositions(std::span<const NodePosition> positions);

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The default database: $ACCORD_DB, else $XDG_DATA_HOME/accord/accord.db, else
// $HOME/.local/share/accord/accord.db.
std::filesystem::path DefaultDatabasePath();

}  // namespace accord::graph
