// Graph export formats: Cytoscape.js JSON, JSON Graph Format v2, GraphML, GEXF 1.3 and CSV,
// each streamed in a fixed order, plus the shared atomic file write (see export_formats.hpp).
#include "accord/graph/export_formats.hpp"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <unordered_map>

#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/writer.h>

#include "accord/graph/json_io.hpp"

namespace accord::graph {
namespace {

// Shared look-ups for one export: degree per node, title per document.
struct Context {
  std::unordered_map<int64_t, int64_t> degree;
  std::unordered_map<int64_t, const DocumentInfo*> docs;
  std::unordered_map<int64_t, const NodeInfo*> nodes;

  explicit Context(const GraphData& g) {
    for (const LinkInfo& l : g.links) {
      ++degree[l.source];
      if (l.target != l.source) ++degree[l.target];
    }
    for (const DocumentInfo& d : g.documents) docs[d.id] = &d;
    for (const NodeInfo& n : g.nodes) nodes[n.id] = &n;
  }
  int64_t Degree(int64_t id) const {
    auto it = degree.find(id);
    return it == degree.end() ? 0 : it->second;
  }
  std::string Title(int64_t doc) const {
    auto it = docs.find(doc);
    if (it == docs.end()) return "document " + std::to_string(doc);
    return it->second->title.empty() ? it->second->path : it->second->title;
  }
  std::string Label(int64_t node) const {
    auto it = nodes.find(node);
    return it == nodes.end() ? std::string() : it->second->label;
  }
  std::string NodeDocuments(const NodeInfo& n) const {
    std::string out;
    for (int64_t d : n.documents) {
      if (!out.empty()) out += "; ";
      out += Title(d);
    }
    return out;
  }
  std::string EvidenceDocuments(const LinkInfo& l) const {
    std::string out;
    for (const EvidenceInfo& e : l.evidence) {
      if (!out.empty()) out += "; ";
      out += Title(e.document);
    }
    return out;
  }
};

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

std::string EvidenceText(const LinkInfo& l, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < l.evidence.size(); ++i) {
    if (i) out += sep;
    out += l.evidence[i].text;
  }
  return out;
}

Status StreamStatus(std::ostream& out, const char* what) {
  out.flush();
  if (!out) return Fail(ErrorCode::kIo, std::string("Could not write the ") + what +
                                            " export (stream error).");
  return {};
}

// ---- JSON formats ----------------------------------------------------------------------------

template <class W>
void Str(W& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

template <class W>
void DocumentsArray(W& w, const GraphData& g) {
  w.StartArray();
  for (const DocumentInfo& d : g.documents) {
    w.StartObject();
    w.Key("id");
    w.Int64(d.id);
    w.Key("title");
    Str(w, d.title);
    w.Key("path");
    Str(w, d.path);
    w.Key("metadata");
    w.StartObject();
    for (const auto& [k, v] : d.metadata) {
      w.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
      Str(w, v);
    }
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
}

template <class W>
void StringArray(W& w, const std::vector<std::string>& items) {
  w.StartArray();
  for (const std::string& s : items) Str(w, s);
  w.EndArray();
}

template <class W>
void IdArray(W& w, const std::vector<int64_t>& items) {
  w.StartArray();
  for (int64_t v : items) w.Int64(v);
  w.EndArray();
}

template <class W>
void MentionsArray(W& w, const NodeInfo& n) {
  w.StartArray();
  for (const MentionInfo& m : n.mentions) {
    w.StartObject();
    w.Key("document");
    w.Int64(m.document);
    w.Key("start");
    w.Uint(m.start);
    w.Key("end");
    w.Uint(m.end);
    w.EndObject();
  }
  w.EndArray();
}

template <class W>
void EvidenceArray(W& w, const LinkInfo& l, const Context& ctx) {
  w.StartArray();
  for (const EvidenceInfo& e : l.evidence) {
    w.StartObject();
    w.Key("document");
    w.Int64(e.document);
    w.Key("document_title");
    Str(w, ctx.Title(e.document));
    w.Key("start");
    w.Uint(e.start);
    w.Key("end");
    w.Uint(e.end);
    w.Key("text");
    Str(w, e.text);
    w.EndObject();
  }
  w.EndArray();
}

template <class W>
void CytoscapeAll(W& w, const GraphData& g) {
  const Context ctx(g);
  w.StartObject();
  w.Key("data");
  w.StartObject();
  w.Key("format");
  w.String("accord-graph");
  w.Key("documents");
  DocumentsArray(w, g);
  w.EndObject();
  w.Key("elements");
  w.StartObject();
  w.Key("nodes");
  w.StartArray();
  for (const NodeInfo& n : g.nodes) {
    w.StartObject();
    w.Key("data");
    w.StartObject();
    w.Key("id");
    Str(w, "n" + std::to_string(n.id));
    w.Key("label");
    Str(w, n.label);
    w.Key("type");
    Str(w, n.type);
    w.Key("aliases");
    StringArray(w, n.aliases);
    w.Key("degree");
    w.Int64(ctx.Degree(n.id));
    w.Key("documents");
    IdArray(w, n.documents);
    w.Key("mentions");
    MentionsArray(w, n);
    w.EndObject();
    w.Key("classes");
    Str(w, n.type);
    w.EndObject();
  }
  w.EndArray();
  w.Key("edges");
  w.StartArray();
  for (const LinkInfo& l : g.links) {
    w.StartObject();
    w.Key("data");
    w.StartObject();
    w.Key("id");
    Str(w, "e" + std::to_string(l.id));
    w.Key("source");
    Str(w, "n" + std::to_string(l.source));
    w.Key("target");
    Str(w, "n" + std::to_string(l.target));
    w.Key("type");
    Str(w, l.type);
    w.Key("kind");
    w.String(RelationKindName(l.kind));
    w.Key("evidence");
    EvidenceArray(w, l, ctx);
    w.EndObject();
    w.Key("classes");
    w.String(RelationKindName(l.kind));
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.EndObject();
}

template <class W>
void JgfAll(W& w, const GraphData& g) {
  const Context ctx(g);
  w.StartObject();
  w.Key("graph");
  w.StartObject();
  w.Key("id");
  w.String("accord");
  w.Key("type");
  w.String("accord-graph");
  w.Key("label");
  w.String("Accord knowledge graph");
  w.Key("directed");
  w.Bool(true);
  w.Key("metadata");
  w.StartObject();
  w.Key("documents");
  DocumentsArray(w, g);
  w.EndObject();
  w.Key("nodes");
  w.StartObject();
  for (const NodeInfo& n : g.nodes) {
    const std::string key = std::to_string(n.id);
    w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
    w.StartObject();
    w.Key("label");
    Str(w, n.label);
    w.Key("metadata");
    w.StartObject();
    w.Key("type");
    Str(w, n.type);
    w.Key("aliases");
    StringArray(w, n.aliases);
    w.Key("degree");
    w.Int64(ctx.Degree(n.id));
    w.Key("documents");
    IdArray(w, n.documents);
    w.Key("mentions");
    MentionsArray(w, n);
    w.EndObject();
    w.EndObject();
  }
  w.EndObject();
  w.Key("edges");
  w.StartArray();
  for (const LinkInfo& l : g.links) {
    w.StartObject();
    w.Key("id");
    Str(w, std::to_string(l.id));
    w.Key("source");
    Str(w, std::to_string(l.source));
    w.Key("target");
    Str(w, std::to_string(l.target));
    w.Key("relation");
    Str(w, l.type);
    w.Key("directed");
    w.Bool(true);
    w.Key("metadata");
    w.StartObject();
    w.Key("kind");
    w.String(RelationKindName(l.kind));
    w.Key("evidence");
    EvidenceArray(w, l, ctx);
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.EndObject();
}

template <void (*All)(rapidjson::Writer<rapidjson::OStreamWrapper>&, const GraphData&),
          void (*AllPretty)(rapidjson::PrettyWriter<rapidjson::OStreamWrapper>&, const GraphData&)>
Status WriteJson(const GraphData& g, std::ostream& out, bool pretty, const char* what) {
  rapidjson::OStreamWrapper os(out);
  if (pretty) {
    rapidjson::PrettyWriter<rapidjson::OStreamWrapper> w(os);
    w.SetIndent(' ', 2);
    AllPretty(w, g);
  } else {
    rapidjson::Writer<rapidjson::OStreamWrapper> w(os);
    All(w, g);
  }
  out << '\n';
  return StreamStatus(out, what);
}

// ---- XML formats -----------------------------------------------------------------------------

struct XmlKey {
  const char* id;
  const char* domain;  // "node", "edge" or "graph"
  const char* type;    // "string" or "int"
};

constexpr XmlKey kGraphmlKeys[] = {
    {"label", "node", "string"},         {"type", "node", "string"},
    {"aliases", "node", "string"},       {"degree", "node", "int"},
    {"documents", "node", "string"},     {"mention_count", "node", "int"},
    {"relation", "edge", "string"},      {"kind", "edge", "string"},
    {"evidence", "edge", "string"},      {"evidence_documents", "edge", "string"},
    {"evidence_count", "edge", "int"},   {"graph_documents", "graph", "string"},
};

// An empty string is left out (GraphML: no value), as readers drop empty <data> anyway.
void Data(std::ostream& out, const char* indent, const char* key, std::string_view value) {
  if (value.empty()) return;
  out << indent << "<data key=\"" << key << "\">" << XmlEscape(value) << "</data>\n";
}
void Data(std::ostream& out, const char* indent, const char* key, int64_t value) {
  out << indent << "<data key=\"" << key << "\">" << value << "</data>\n";
}

std::string DocumentList(const GraphData& g) {
  std::string out;
  for (const DocumentInfo& d : g.documents) {
    if (!out.empty()) out += '\n';
    out += std::to_string(d.id) + "\t" + d.title + "\t" + d.path;
  }
  return out;
}

void AttValue(std::ostream& out, const char* key, std::string_view value) {
  out << "          <attvalue for=\"" << key << "\" value=\"" << XmlEscape(value) << "\"/>\n";
}
void AttValue(std::ostream& out, const char* key, int64_t value) {
  out << "          <attvalue for=\"" << key << "\" value=\"" << value << "\"/>\n";
}

// ---- CSV ---------------------------------------------------------------------------------------

void CsvRow(std::ostream& out, std::initializer_list<std::string_view> fields) {
  bool first = true;
  for (std::string_view f : fields) {
    if (!first) out << ',';
    first = false;
    out << CsvField(f);
  }
  out << "\r\n";
}

}  // namespace

std::optional<ExportFormat> ParseExportFormat(std::string_view name) {
  if (name == "d3") return ExportFormat::kD3;
  if (name == "cytoscape") return ExportFormat::kCytoscape;
  if (name == "jgf") return ExportFormat::kJgf;
  if (name == "graphml") return ExportFormat::kGraphml;
  if (name == "gexf") return ExportFormat::kGexf;
  if (name == "csv") return ExportFormat::kCsv;
  return std::nullopt;
}

const char* ExportFormatName(ExportFormat format) {
  switch (format) {
    case ExportFormat::kD3: return "d3";
    case ExportFormat::kCytoscape: return "cytoscape";
    case ExportFormat::kJgf: return "jgf";
    case ExportFormat::kGraphml: return "graphml";
    case ExportFormat::kGexf: return "gexf";
    case ExportFormat::kCsv: return "csv";
  }
  return "d3";
}

const char* ExportFormatExtension(ExportFormat format) {
  switch (format) {
    case ExportFormat::kGraphml: return ".graphml";
    case ExportFormat::kGexf: return ".gexf";
    case ExportFormat::kCsv: return ".csv";
    default: return ".json";
  }
}

const char* ExportFormatList() { return "d3, cytoscape, jgf, graphml, gexf, csv"; }

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\t': out += "&#9;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      default:
        if (u < 0x20 || u == 0x7f) break;  // not representable in XML 1.0 (0x7f: keep text clean)
        out += c;
    }
  }
  return out;
}

std::string CsvField(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

Status WriteCytoscapeJson(const GraphData& graph, std::ostream& out, bool pretty) {
  return WriteJson<CytoscapeAll, CytoscapeAll>(graph, out, pretty, "Cytoscape JSON");
}

Status WriteJgf(const GraphData& graph, std::ostream& out, bool pretty) {
  return WriteJson<JgfAll, JgfAll>(graph, out, pretty, "JSON Graph Format");
}

Status WriteGraphml(const GraphData& g, std::ostream& out) {
  const Context ctx(g);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
         "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
         "         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
         "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
  for (const XmlKey& k : kGraphmlKeys) {
    out << "  <key id=\"" << k.id << "\" for=\"" << k.domain << "\" attr.name=\""
        << (std::string_view(k.id) == "graph_documents" ? "documents" : k.id)
        << "\" attr.type=\"" << k.type << "\"/>\n";
  }
  out << "  <graph id=\"accord\" edgedefault=\"directed\">\n";
  Data(out, "    ", "graph_documents", DocumentList(g));
  for (const NodeInfo& n : g.nodes) {
    out << "    <node id=\"n" << n.id << "\">\n";
    Data(out, "      ", "label", n.label);
    Data(out, "      ", "type", n.type);
    Data(out, "      ", "aliases", Join(n.aliases, "; "));
    Data(out, "      ", "degree", ctx.Degree(n.id));
    Data(out, "      ", "documents", ctx.NodeDocuments(n));
    Data(out, "      ", "mention_count", static_cast<int64_t>(n.mentions.size()));
    out << "    </node>\n";
  }
  for (const LinkInfo& l : g.links) {
    out << "    <edge id=\"e" << l.id << "\" source=\"n" << l.source << "\" target=\"n"
        << l.target << "\">\n";
    Data(out, "      ", "relation", l.type);
    Data(out, "      ", "kind", RelationKindName(l.kind));
    Data(out, "      ", "evidence", EvidenceText(l, "\n"));
    Data(out, "      ", "evidence_documents", ctx.EvidenceDocuments(l));
    Data(out, "      ", "evidence_count", static_cast<int64_t>(l.evidence.size()));
    out << "    </edge>\n";
  }
  out << "  </graph>\n</graphml>\n";
  return StreamStatus(out, "GraphML");
}

Status WriteGexf(const GraphData& g, std::ostream& out) {
  const Context ctx(g);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<gexf xmlns=\"http://gexf.net/1.3\" "
         "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
         "xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" "
         "version=\"1.3\">\n"
         "  <meta>\n"
         "    <creator>Accord</creator>\n"
         "    <description>"
      << XmlEscape("Accord knowledge graph from " + std::to_string(g.documents.size()) +
                   " document" + (g.documents.size() == 1 ? "" : "s"))
      << "</description>\n"
         "  </meta>\n"
         "  <graph defaultedgetype=\"directed\" mode=\"static\">\n"
         "    <attributes class=\"node\" mode=\"static\">\n"
         "      <attribute id=\"type\" title=\"type\" type=\"string\"/>\n"
         "      <attribute id=\"aliases\" title=\"aliases\" type=\"string\"/>\n"
         "      <attribute id=\"degree\" title=\"degree\" type=\"integer\"/>\n"
         "      <attribute id=\"documents\" title=\"documents\" type=\"string\"/>\n"
         "      <attribute id=\"mention_count\" title=\"mention_count\" type=\"integer\"/>\n"
         "    </attributes>\n"
         "    <attributes class=\"edge\" mode=\"static\">\n"
         "      <attribute id=\"relation\" title=\"relation\" type=\"string\"/>\n"
         "      <attribute id=\"kind\" title=\"kind\" type=\"string\"/>\n"
         "      <attribute id=\"evidence\" title=\"evidence\" type=\"string\"/>\n"
         "      <attribute id=\"evidence_documents\" title=\"evidence_documents\" "
         "type=\"string\"/>\n"
         "      <attribute id=\"evidence_count\" title=\"evidence_count\" type=\"integer\"/>\n"
         "    </attributes>\n"
         "    <nodes>\n";
  for (const NodeInfo& n : g.nodes) {
    out << "      <node id=\"" << n.id << "\" label=\"" << XmlEscape(n.label) << "\">\n"
        << "        <attvalues>\n";
    AttValue(out, "type", n.type);
    AttValue(out, "aliases", Join(n.aliases, "; "));
    AttValue(out, "degree", ctx.Degree(n.id));
    AttValue(out, "documents", ctx.NodeDocuments(n));
    AttValue(out, "mention_count", static_cast<int64_t>(n.mentions.size()));
    out << "        </attvalues>\n      </node>\n";
  }
  out << "    </nodes>\n    <edges>\n";
  for (const LinkInfo& l : g.links) {
    out << "      <edge id=\"" << l.id << "\" source=\"" << l.source << "\" target=\"" << l.target
        << "\" label=\"" << XmlEscape(l.type) << "\">\n"
        << "        <attvalues>\n";
    AttValue(out, "relation", l.type);
    AttValue(out, "kind", RelationKindName(l.kind));
    AttValue(out, "evidence", EvidenceText(l, "\n"));
    AttValue(out, "evidence_documents", ctx.EvidenceDocuments(l));
    AttValue(out, "evidence_count", static_cast<int64_t>(l.evidence.size()));
    out << "        </attvalues>\n      </edge>\n";
  }
  out << "    </edges>\n  </graph>\n</gexf>\n";
  return StreamStatus(out, "GEXF");
}

Status WriteCsvNodes(const GraphData& g, std::ostream& out) {
  const Context ctx(g);
  CsvRow(out, {"id", "label", "type", "aliases", "degree", "documents", "mention_count"});
  for (const NodeInfo& n : g.nodes) {
    CsvRow(out, {std::to_string(n.id), n.label, n.type, Join(n.aliases, "; "),
                 std::to_string(ctx.Degree(n.id)), ctx.NodeDocuments(n),
                 std::to_string(n.mentions.size())});
  }
  return StreamStatus(out, "CSV nodes");
}

Status WriteCsvEdges(const GraphData& g, std::ostream& out) {
  const Context ctx(g);
  CsvRow(out, {"id", "source", "target", "source_label", "target_label", "type", "kind",
               "evidence_count", "evidence_documents", "evidence"});
  for (const LinkInfo& l : g.links) {
    CsvRow(out, {std::to_string(l.id), std::to_string(l.source), std::to_string(l.target),
                 ctx.Label(l.source), ctx.Label(l.target), l.type, RelationKindName(l.kind),
                 std::to_string(l.evidence.size()), ctx.EvidenceDocuments(l),
                 EvidenceText(l, " | ")});
  }
  return StreamStatus(out, "CSV edges");
}

Status WriteGraphAs(const GraphData& graph, ExportFormat format, std::ostream& out,
                    bool pretty) {
  switch (format) {
    case ExportFormat::kD3: return WriteGraphJson(graph, out, pretty);
    case ExportFormat::kCytoscape: return WriteCytoscapeJson(graph, out, pretty);
    case ExportFormat::kJgf: return WriteJgf(graph, out, pretty);
    case ExportFormat::kGraphml: return WriteGraphml(graph, out);
    case ExportFormat::kGexf: return WriteGexf(graph, out);
    case ExportFormat::kCsv: break;
  }
  return Fail(ErrorCode::kInvalid, "CSV writes two files (nodes and edges); give a file prefix.");
}

std::pair<std::string, std::string> CsvExportPaths(std::string_view prefix) {
  std::string p(prefix);
  if (p.size() > 4 && p.ends_with(".csv")) p.resize(p.size() - 4);
  return {p + ".nodes.csv", p + ".edges.csv"};
}

Status WriteFileAtomically(const std::string& path, bool overwrite,
                           const std::function<Status(std::ostream&)>& write,
                           std::string_view overwrite_hint) {
  namespace fs = std::filesystem;
  static std::atomic<int> counter{0};
  std::error_code ec;
  const fs::path target(path);
  if (!overwrite && fs::exists(target, ec))
    return Fail(ErrorCode::kIo, path + " already exists; " + std::string(overwrite_hint));
  if (fs::is_directory(target, ec))
    return Fail(ErrorCode::kIo, path + " is a folder; give a file name");
  const fs::path temp =
      target.parent_path() / ("." + target.filename().string() + ".tmp-" +
                              std::to_string(static_cast<long>(::getpid())) + "-" +
                              std::to_string(counter.fetch_add(1)));
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) {
      const std::string folder = target.parent_path().empty() ? std::string(".")
                                                              : target.parent_path().string();
      return Fail(ErrorCode::kIo, "Cannot write " + path + ": cannot create a file in " +
                                      folder + ".");
    }
    Status st = write(out);
    out.close();
    if (!st || !out) {
      fs::remove(temp, ec);
      if (!st) return st;
      return Fail(ErrorCode::kIo, "Could not write " + path + " (disk full or I/O error).");
    }
  }
  // Refuse again right before the rename: another process may have created the file meanwhile.
  if (!overwrite && fs::exists(target, ec)) {
    fs::remove(temp, ec);
    return Fail(ErrorCode::kIo, path + " already exists; " + std::string(overwrite_hint));
  }
  fs::rename(temp, target, ec);
  if (ec) {
    const std::string why = ec.message();
    fs::remove(temp, ec);
    return Fail(ErrorCode::kIo, "Could not move the new file into place at " + path + " (" +
                                    why + ").");
  }
  return {};
}

}  // namespace accord::graph
