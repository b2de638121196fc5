// Plain records passed between the extractor (corpus/) and the store (graph/), and read back
// out of the store for export, import and the algorithms. Offsets are always UTF-8 byte offsets
// into the document's stored text (for .txt/.md the original file bytes; for PDF, HTML and DOCX
// the extracted text), half-open [start, end). Pages are 1-based; 0 means "not known" (a
// document without pages, or an import that did not carry them).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace accord::graph {

struct Span {
  uint32_t start = 0;
  uint32_t end = 0;
  friend bool operator==(const Span&, const Span&) = default;
};

// Relation kinds: what the text states versus the weaker "named in the same sentence" edge.
enum class RelationKind : uint8_t { kStated = 0, kCooccurrence = 1 };
const char* RelationKindName(RelationKind kind);  // "stated" | "cooccurrence"

// The 1-based page holding byte `offset` of a text whose page i + 1 starts at page_starts[i]
// (non-decreasing); 0 when `page_starts` is empty. Binary search: O(log pages).
uint32_t PageOf(const std::vector<uint32_t>& page_starts, uint32_t offset);

// ---- one extracted document, the input of Store::IngestDocument ------------------------------

struct AliasRec {
  std::string text;     // surface form, verbatim from the document
  bool local = false;   // true: only meaningful inside its document ("the Plan"), never used
                        // to merge entities across documents
};

struct EntityRec {
  std::string name;     // canonical name
  std::string type;     // lower-case type name, e.g. "organization", "principle"
  std::vector<AliasRec> aliases;
};

struct MentionRec {
  uint32_t entity = 0;    // index into DocumentRec::entities
  uint32_t sentence = 0;  // index into DocumentRec::sentences
  Span span;
};

struct EvidenceRec {
  uint32_t sentence = 0;  // index into DocumentRec::sentences
  Span span;              // the sentence or clause that states the relation
};

struct RelationRec {
  uint32_t source = 0;  // index into DocumentRec::entities
  uint32_t target = 0;
  std::string type;     // snake_case verb, e.g. "proposed", "built_on"
  RelationKind kind = RelationKind::kStated;
  std::vector<EvidenceRec> evidence;
};

struct DocumentRec {
  std::string path;          // absolute, lexically normal path: the document's identity
  std::string title;
  std::vector<std::pair<std::string, std::string>> metadata;  // front matter, in file order
  std::string content_hash;  // hex digest of the file bytes
  std::string text;          // the original file bytes, or a PDF/HTML/DOCX's extracted text
  std::vector<uint32_t> page_starts;  // PDF: byte offset in `text` where each page begins
  std::vector<Span> sentences;
  std::vector<EntityRec> entities;
  std::vector<MentionRec> mentions;
  std::vector<RelationRec> relations;
};

// ---- one part of a document too large to extract whole (Store::IngestDocumentInParts) -------

// The sentences, mentions and relations of one stretch of a document's text. Entities are named
// by their index in the document's entity table (DocumentParts::Entities), which grows part by
// part; sentence indices in mentions and evidence index this part's `sentences`.
struct DocumentPart {
  uint32_t text_offset = 0;          // where `text` starts in the document's text
  std::string text;                  // the document's bytes from text_offset on, holding every
                                     // sentence of the part
  std::vector<Span> sentences;       // offsets into the whole text, after the previous parts'
  std::vector<uint32_t> entities;    // the table's entities this part names or adds aliases to
  std::vector<MentionRec> mentions;  // entity: table index; sentence: index into `sentences`
  std::vector<RelationRec> relations;  // source, target: table indices; evidence as mentions
};

// ---- the graph as read out of the store (export, import, algorithms) -------------------------

struct DocumentInfo {
  int64_t id = 0;
  std::string path;
  std::string title;
  std::vector<std::pair<std::string, std::string>> metadata;
  std::string content_hash;
};

struct MentionInfo {
  int64_t document = 0;
  uint32_t start = 0;
  uint32_t end = 0;
};

struct NodeInfo {
  int64_t id = 0;
  std::string label;
  std::string type;
  std::vector<std::string> aliases;     // sorted, unique, without the label itself
  std::vector<int64_t> documents;       // sorted ids
  std::vector<MentionInfo> mentions;    // sorted by (document, start, end)
};

struct EvidenceInfo {
  int64_t document = 0;
  uint32_t start = 0;
  uint32_t end = 0;
  std::string text;
};

struct LinkInfo {
  int64_t id = 0;
  int64_t source = 0;
  int64_t target = 0;
  std::string type;
  RelationKind kind = RelationKind::kStated;
  std::vector<EvidenceInfo> evidence;   // sorted by (document, start, end)
};

// A whole graph or a subgraph. Vectors are sorted by id; links only join nodes present.
struct GraphData {
  std::vector<DocumentInfo> documents;
  std::vector<NodeInfo> nodes;
  std::vector<LinkInfo> links;
  // Documents with pages (PDF): id -> page_starts (byte offset where each page begins in the
  // document's stored text). PageAt gives the page of a mention or piece of evidence.
  std::map<int64_t, std::vector<uint32_t>> page_starts;
};

// The 1-based page of byte `offset` of `document` in `g`, 0 when the document has no pages.
uint32_t PageAt(const GraphData& g, int64_t document, uint32_t offset);

}  // namespace accord::graph
