// Briefings: a subgraph written up as something a diplomat can hand on. BuildBriefing turns a
// GraphData (usually an entity and its k-hop neighbourhood) into a title, the entities grouped
// by type, the key relations as plain sentences ("China released the Global AI Governance Action
// Plan.") each with its citation (document title, paragraph; page when known) and the quoted
// evidence sentence, a numbered source list, and a laid-out picture of the subgraph.
// WriteBriefingMarkdown and WriteBriefingHtml render it; the HTML is one standalone file
// (inline CSS, inline SVG, no external resource). Output is deterministic: the same graph,
// texts and options give the same bytes.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "accord/graph/layout.hpp"
#include "accord/graph/records.hpp"
#include "accord/graph/result.hpp"

namespace accord::graph {

// Where a statement is made: a document, a paragraph in it and, when the reader knew pages
// (PDF), the page. Rendered "Title, p. 4, para. 12" (parts that are unknown are left out).
struct Citation {
  int64_t document = 0;
  uint32_t paragraph = 0;         // 1-based paragraph of the document body; 0 = unknown
  std::optional<uint32_t> page;   // 1-based page; nullopt = not known for this document
  friend bool operator==(const Citation&, const Citation&) = default;
};

// One key relation (or a group of parallel ones) written as a sentence.
struct BriefingStatement {
  std::string sentence;            // plain text, ends with a full stop (or, before items, ":")
  std::vector<std::string> items;  // a list statement's items, in document order
  std::vector<Citation> citations; // where it is stated (several for a grouped statement)
  std::string quote;               // the evidence sentence, verbatim; empty for list statements
  std::vector<int64_t> links;      // the links it states
};

struct BriefingGroup {
  std::string type;                // entity type, e.g. "country"
  std::string heading;             // "Countries"
  std::vector<size_t> nodes;       // indices into Briefing::graph.nodes, by label
};

struct BriefingSource {
  int64_t document = 0;
  std::string title;
  std::string issuer;              // front matter, when present
  std::string date;
  std::string file;                // file name of the document
};

struct Briefing {
  std::string title;                       // "Global AI Governance Action Plan"
  std::string scope;                       // one sentence saying what the briefing covers
  std::string overview;                    // a short paragraph of counts in words
  GraphData graph;
  std::vector<size_t> focus;               // indices into graph.nodes
  std::vector<BriefingGroup> groups;       // focus types first, then by size
  std::vector<BriefingStatement> statements;
  size_t omitted_statements = 0;           // stated relations left out (beyond the limit)
  std::vector<BriefingSource> sources;     // numbered 1..N in this order (first cited first)
  std::vector<float> x, y;                 // laid-out position per graph.nodes index
};

struct BriefingOptions {
  std::string title;                  // default: the focus labels, joined
  int depth = 1;                      // hops the subgraph spans (for the scope sentence)
  size_t max_statements = 40;
  // The original text of a document (for paragraph numbers); empty when unknown.
  std::function<std::string(int64_t document)> document_text;
  // The page a byte offset of a document is on, when known. Unset: the pages the graph carries
  // (GraphData::page_starts, filled for PDFs by Store::LoadGraph).
  std::function<std::optional<uint32_t>(int64_t document, uint32_t offset)> page_of;
  uint64_t seed = kDefaultLayoutSeed;
  int layout_ticks = 400;
};

// Builds the briefing for `graph` around `focus` (store ids of entities in graph; may be
// empty). Statements cover stated links only: those touching the focus first, then the others
// by the degree of their ends; three or more parallel links from one entity with one relation
// ("includes" thirteen measures) become one list sentence. O(V log V + E log E) plus the layout.
Briefing BuildBriefing(const GraphData& graph, std::span<const int64_t> focus,
                       const BriefingOptions& options);

Status WriteBriefingMarkdown(const Briefing& briefing, std::ostream& out);
Status WriteBriefingHtml(const Briefing& briefing, std::ostream& out);
// The picture alone: an <svg> element (no XML prolog) sized to its content, labels placed
// without overlap (a label that fits nowhere is left out and kept as the node's tooltip).
std::string BriefingSvg(const Briefing& briefing);

// Byte offsets where the paragraphs of a document body start, ascending. Front matter (a
// leading "---" block) and Markdown headings are not paragraphs; a blank line ends one; each
// list item ("- ", "* ", "1. ", "1) ") starts its own. ParagraphAt gives the 1-based number of
// the paragraph holding `offset` (0 when it lies before the first).
std::vector<uint32_t> ParagraphStarts(std::string_view text);
uint32_t ParagraphAt(std::span<const uint32_t> starts, uint32_t offset);

// "Title, p. 4, para. 12" for a citation.
std::string CitationText(const Citation& citation, std::string_view document_title);

}  // namespace accord::graph
