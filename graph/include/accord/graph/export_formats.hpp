// Graph export formats beyond accord-graph JSON, for the tools analysts already use, and the
// atomic file write every exporter shares. Each writer streams to an std::ostream in a fixed
// order (documents, nodes and links by id ascending, attributes in a fixed order) with integers
// only, so the same graph always gives the same bytes.
//
//   d3         accord-graph JSON (json_io.hpp): nodes + links, the d3-force convention.
//   cytoscape  Cytoscape.js elements JSON: {"data": {...documents...}, "elements": {"nodes":
//              [{"data": {"id": "n7", "label", "type", "aliases", "degree", "documents",
//              "mentions"}, "classes": "country"}], "edges": [{"data": {"id": "e3", "source":
//              "n7", "target": "n9", "type", "kind", "evidence"}, "classes": "stated"}]}}.
//              Ids are strings (Cytoscape.js needs them so); `classes` makes co-occurrence edges
//              and entity types selectable in a style sheet.
//   jgf        JSON Graph Format v2 (jsongraphformat.info, schema v2): {"graph": {"id",
//              "type": "accord-graph", "label", "directed": true, "metadata": {"documents"},
//              "nodes": {"7": {"label", "metadata": {...}}}, "edges": [{"id", "source",
//              "target", "relation", "directed": true, "metadata": {"kind", "evidence"}}]}}.
//   graphml    GraphML 1.0 with a <key> for every attribute (attr.type string or int): node
//              label, type, aliases, degree, documents, mention_count; edge type, kind,
//              evidence (sentences, one per line), evidence_documents; graph documents.
//   gexf       GEXF 1.3 (gexf.net/1.3), directed static graph; node label plus attvalues for
//              the same attributes as GraphML; edge label = relation type.
//   csv        two RFC 4180 files (CRLF line ends, fields quoted when they hold a comma, quote,
//              CR or LF; quotes doubled): nodes (id,label,type,aliases,degree,documents,
//              mention_count) and edges (id,source,target,source_label,target_label,type,kind,
//              evidence_count,evidence_documents,evidence). Lists inside a field are joined
//              with "; " (aliases, documents) or " | " (evidence sentences).
// Where a format allows lists (the JSON ones), aliases, documents, mentions and evidence keep
// their structure; GraphML, GEXF and CSV flatten them into strings as described above.
// XML output escapes & < > " ' and drops the control characters XML 1.0 cannot carry.
#pragma once

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "accord/graph/records.hpp"
#include "accord/graph/result.hpp"

namespace accord::graph {

enum class ExportFormat { kD3, kCytoscape, kJgf, kGraphml, kGexf, kCsv };

// "d3", "cytoscape", "jgf", "graphml", "gexf", "csv" (case-sensitive), or nullopt.
std::optional<ExportFormat> ParseExportFormat(std::string_view name);
const char* ExportFormatName(ExportFormat format);
// The usual file extension, with the dot: ".json", ".graphml", ".gexf", ".csv".
const char* ExportFormatExtension(ExportFormat format);
// Every format name, comma-separated, for messages and --help.
const char* ExportFormatList();

// Writers. `pretty` indents the JSON formats (XML is always one element per line; CSV has no
// layout). Each fails only on a stream error (kIo).
Status WriteCytoscapeJson(const GraphData& graph, std::ostream& out, bool pretty = true);
Status WriteJgf(const GraphData& graph, std::ostream& out, bool pretty = true);
Status WriteGraphml(const GraphData& graph, std::ostream& out);
Status WriteGexf(const GraphData& graph, std::ostream& out);
Status WriteCsvNodes(const GraphData& graph, std::ostream& out);
Status WriteCsvEdges(const GraphData& graph, std::ostream& out);

// One-stream formats (everything but kCsv, which needs two files: use the CSV writers).
Status WriteGraphAs(const GraphData& graph, ExportFormat format, std::ostream& out,
                    bool pretty = true);

// The file names a CSV export writes for `prefix`: PREFIX.nodes.csv and PREFIX.edges.csv (a
// trailing ".csv" on the prefix is dropped first, so "-o g.csv" gives g.nodes.csv too).
std::pair<std::string, std::string> CsvExportPaths(std::string_view prefix);

// Writes `path` atomically: `write` fills a temporary file in the same folder
// (".NAME.tmp-PID-N"), which is flushed and renamed over `path` only when `write` and the
// stream both succeeded; otherwise the temporary is removed and `path` is untouched (an
// interrupted process leaves at most a dot-file temporary, never a half file under the user's
// name). Without `overwrite`, an existing `path` is refused with kIo and the sentence
// "PATH already exists; <overwrite_hint>" (e.g. "add --force to replace it").
Status WriteFileAtomically(const std::string& path, bool overwrite,
                           const std::function<Status(std::ostream&)>& write,
                           std::string_view overwrite_hint = "choose another name or allow "
                                                             "overwriting");

// XML 1.0 text/attribute escaping used by the GraphML, GEXF and SVG writers: & < > " ' become
// entities; control characters other than tab, LF and CR are dropped (XML cannot carry them).
std::string XmlEscape(std::string_view text);
// One RFC 4180 field: quoted (with quotes doubled) when it holds a comma, quote, CR or LF.
std::string CsvField(std::string_view text);

}  // namespace accord::graph
