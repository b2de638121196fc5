// The accord-graph JSON format: streaming writer (fixed member order, ids ascending, integers
// only, so output is byte-stable) and a validating reader (DOM parse after an iterative nesting
// check; errors name the source and the line:column, or the member path for rule breaks).
#include "accord/graph/json_io.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/writer.h>

namespace accord::graph {
namespace {

constexpr int kMaxDepth = 64;

template <class W>
void WriteStr(W& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

template <class W>
void WriteAll(W& w, const GraphData& g) {
  std::unordered_map<int64_t, int64_t> degree;
  for (const LinkInfo& l : g.links) {
    ++degree[l.source];
    if (l.target != l.source) ++degree[l.target];
  }
  w.StartObject();
  w.Key("format");
  w.String("accord-graph");
  w.Key("version");
  w.Int(1);
  w.Key("documents");
  w.StartArray();
  for (const DocumentInfo& d : g.documents) {
    w.StartObject();
    w.Key("id");
    w.Int64(d.id);
    w.Key("title");
    WriteStr(w, d.title);
    w.Key("path");
    WriteStr(w, d.path);
    w.Key("content_hash");
    WriteStr(w, d.content_hash);
    w.Key("metadata");
    w.StartObject();
    for (const auto& [k, v] : d.metadata) {
      w.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
      WriteStr(w, v);
    }
    w.EndObject();
    if (auto it = g.page_starts.find(d.id); it != g.page_starts.end()) {
      w.Key("page_starts");  // optional: byte offset where each page begins (PDF)
      w.StartArray();
      for (uint32_t start : it->second) w.Uint(start);
      w.EndArray();
    }
    w.EndObject();
  }
  w.EndArray();
  w.Key("nodes");
  w.StartArray();
  for (const NodeInfo& n : g.nodes) {
    w.StartObject();
    w.Key("id");
    w.Int64(n.id);
    w.Key("label");
    WriteStr(w, n.label);
    w.Key("type");
    WriteStr(w, n.type);
    w.Key("aliases");
    w.StartArray();
    for (const std::string& a : n.aliases) WriteStr(w, a);
    w.EndArray();
    w.Key("degree");
    auto it = degree.find(n.id);
    w.Int64(it == degree.end() ? 0 : it->second);
    w.Key("documents");
    w.StartArray();
    for (int64_t d : n.documents) w.Int64(d);
    w.EndArray();
    w.Key("mentions");
    w.StartArray();
    for (const MentionInfo& m : n.mentions) {
      w.StartObject();
      w.Key("document");
      w.Int64(m.document);
      w.Key("start");
      w.Uint(m.start);
      w.Key("end");
      w.Uint(m.end);
      if (const uint32_t page = PageAt(g, m.document, m.start)) {
        w.Key("page");  // optional: 1-based page, when the document has pages
        w.Uint(page);
      }
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.Key("links");
  w.StartArray();
  for (const LinkInfo& l : g.links) {
    w.StartObject();
    w.Key("id");
    w.Int64(l.id);
    w.Key("source");
    w.Int64(l.source);
    w.Key("target");
    w.Int64(l.target);
    w.Key("type");
    WriteStr(w, l.type);
    w.Key("kind");
    w.String(RelationKindName(l.kind));
    w.Key("evidence");
    w.StartArray();
    for (const EvidenceInfo& e : l.evidence) {
      w.StartObject();
      w.Key("document");
      w.Int64(e.document);
      w.Key("start");
      w.Uint(e.start);
      w.Key("end");
      w.Uint(e.end);
      w.Key("text");
      WriteStr(w, e.text);
      if (const uint32_t page = PageAt(g, e.document, e.start)) {
        w.Key("page");
        w.Uint(page);
      }
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

// 1-based line and column (in bytes) of a byte offset.
std::string Where(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  size_t line = 1, line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return std::to_string(line) + ":" + std::to_string(offset - line_start + 1);
}

// Thrown inside the reader only; caught in ReadGraphJson.
struct Invalid {
  ErrorCode code;
  std::string message;
};

using Value = rapidjson::Value;

class Reader {
 public:
  explicit Reader(std::string_view source) : source_(source) {}

  [[noreturn]] void Bad(const std::string& where, const std::string& what,
                        ErrorCode code = ErrorCode::kInvalid) const {
    throw Invalid{code, std::string(source_) + ": " + where + " " + what};
  }

  const Value& Member(const Value& obj, const char* name, const std::string& where) const {
    auto it = obj.FindMember(name);
    if (it == obj.MemberEnd()) Bad(where, std::string("has no \"") + name + "\" member");
    return it->value;
  }
  const Value* Optional(const Value& obj, const char* name) const {
    auto it = obj.FindMember(name);
    return it == obj.MemberEnd() ? nullptr : &it->value;
  }
  int64_t Id(const Value& v, const std::string& where, const char* name) const {
    if (!v.IsInt64()) Bad(where, std::string("\"") + name + "\" must be an integer id");
    return v.GetInt64();
  }
  uint32_t Offset(const Value& v, const std::string& where, const char* name) const {
    if (!v.IsUint()) Bad(where, std::string("\"") + name +
                                    "\" must be a byte offset between 0 and 4294967295");
    return v.GetUint();
  }
  std::string Str(const Value& v, const std::string& where, const char* name) const {
    if (!v.IsString()) Bad(where, std::string("\"") + name + "\" must be a string");
    return std::string(v.GetString(), v.GetStringLength());
  }
  const Value& Array(const Value* v, const std::string& where, const char* name) const {
    static const Value kEmpty(rapidjson::kArrayType);
    if (v == nullptr) return kEmpty;
    if (!v->IsArray()) Bad(where, std::string("\"") + name + "\" must be an array");
    return *v;
  }
  const Value& Object(const Value& v, const std::string& where) const {
    if (!v.IsObject()) Bad(where, "must be an object");
    return v;
  }

  GraphData Read(const Value& root) {
    GraphData g;
    if (!root.IsObject()) Bad("the top level", "must be an object");
    const Value* format = Optional(root, "format");
    if (format == nullptr || !format->IsString() ||
        std::string_view(format->GetString()) != "accord-graph")
      Bad("the top level", "is not an accord-graph file (\"format\" must be \"accord-graph\")");
    const Value* version = Optional(root, "version");
    if (version == nullptr || !version->IsInt())
      Bad("the top level", "has no integer \"version\"");
    if (version->GetInt() != 1)
      Bad("the top level",
          "has version " + std::to_string(version->GetInt()) + " but this build reads version 1",
          ErrorCode::kUnsupported);

    std::unordered_set<int64_t> doc_ids, node_ids, link_ids;
    std::unordered_set<std::string> doc_paths;  // a path names one document in a database
    const Value& docs = Array(Optional(root, "documents"), "the top level", "documents");
    for (rapidjson::SizeType i = 0; i < docs.Size(); ++i) {
      const std::string where = "documents[" + std::to_string(i) + "]";
      const Value& d = Object(docs[i], where);
      DocumentInfo info;
      info.id = Id(Member(d, "id", where), where, "id");
      if (!doc_ids.insert(info.id).second)
        Bad(where, "repeats document id " + std::to_string(info.id));
      info.path = Str(Member(d, "path", where), where, "path");
      if (!doc_paths.insert(info.path).second)
        Bad(where, "repeats the document path \"" + info.path + "\"");
      if (const Value* v = Optional(d, "title")) info.title = Str(*v, where, "title");
      if (const Value* v = Optional(d, "content_hash"))
        info.content_hash = Str(*v, where, "content_hash");
      if (const Value* v = Optional(d, "metadata")) {
        if (!v->IsObject()) Bad(where, "\"metadata\" must be an object");
        for (auto m = v->MemberBegin(); m != v->MemberEnd(); ++m) {
          std::string key(m->name.GetString(), m->name.GetStringLength());
          info.metadata.emplace_back(key, Str(m->value, where + " metadata", key.c_str()));
        }
      }
      if (const Value* v = Optional(d, "page_starts")) {
        std::vector<uint32_t> starts;
        for (const Value& start : Array(v, where, "page_starts").GetArray()) {
          starts.push_back(Offset(start, where, "page_starts"));
          if (starts.size() > 1 && starts.back() < starts[starts.size() - 2])
            Bad(where, "has \"page_starts\" out of order");
        }
        if (!starts.empty()) g.page_starts.emplace(info.id, std::move(starts));
      }
      g.documents.push_back(std::move(info));
    }
    // Pages written on mentions and evidence: (document, offset, page, where), checked below.
    struct Paged {
      int64_t document;
      uint32_t offset, page;
      std::string where;
    };
    std::vector<Paged> paged;
    auto read_page = [&](const Value& obj, int64_t document, uint32_t offset,
                         const std::string& where) {
      const Value* v = Optional(obj, "page");
      if (!v) return;
      if (!v->IsUint() || v->GetUint() == 0) Bad(where, "\"page\" must be a page number from 1");
      paged.push_back({document, offset, v->GetUint(), where});
    };
    auto check_doc = [&](int64_t id, const std::string& where) {
      if (!doc_ids.contains(id))
        Bad(where, "names document " + std::to_string(id) + ", which is not in \"documents\"");
    };

    const Value& nodes = Array(Optional(root, "nodes"), "the top level", "nodes");
    for (rapidjson::SizeType i = 0; i < nodes.Size(); ++i) {
      const std::string where = "nodes[" + std::to_string(i) + "]";
      const Value& n = Object(nodes[i], where);
      NodeInfo node;
      node.id = Id(Member(n, "id", where), where, "id");
      if (!node_ids.insert(node.id).second)
        Bad(where, "repeats node id " + std::to_string(node.id));
      node.label = Str(Member(n, "label", where), where, "label");
      node.type = Str(Member(n, "type", where), where, "type");
      const Value& aliases = Array(Optional(n, "aliases"), where, "aliases");
      for (const Value& a : aliases.GetArray()) {
        std::string s = Str(a, where, "aliases");
        if (s != node.label) node.aliases.push_back(std::move(s));
      }
      std::sort(node.aliases.begin(), node.aliases.end());
      node.aliases.erase(std::unique(node.aliases.begin(), node.aliases.end()),
                         node.aliases.end());
      if (const Value* deg = Optional(n, "degree"); deg != nullptr && !deg->IsNumber())
        Bad(where, "\"degree\" must be a number");
      const Value& documents = Array(Optional(n, "documents"), where, "documents");
      for (const Value& d : documents.GetArray()) {
        const int64_t id = Id(d, where, "documents");
        check_doc(id, where);
        node.documents.push_back(id);
      }
      std::sort(node.documents.begin(), node.documents.end());
      node.documents.erase(std::unique(node.documents.begin(), node.documents.end()),
                           node.documents.end());
      const Value& mentions = Array(Optional(n, "mentions"), where, "mentions");
      for (rapidjson::SizeType j = 0; j < mentions.Size(); ++j) {
        const std::string mw = where + ".mentions[" + std::to_string(j) + "]";
        const Value& m = Object(mentions[j], mw);
        MentionInfo mi;
        mi.document = Id(Member(m, "document", mw), mw, "document");
        check_doc(mi.document, mw);
        mi.start = Offset(Member(m, "start", mw), mw, "start");
        mi.end = Offset(Member(m, "end", mw), mw, "end");
        if (mi.end < mi.start) Bad(mw, "ends before it starts");
        read_page(m, mi.document, mi.start, mw);
        node.mentions.push_back(mi);
      }
      std::sort(node.mentions.begin(), node.mentions.end(), [](const auto& a, const auto& b) {
        return std::tie(a.document, a.start, a.end) < std::tie(b.document, b.start, b.end);
      });
      g.nodes.push_back(std::move(node));
    }

    const Value& links = Array(Optional(root, "links"), "the top level", "links");
    for (rapidjson::SizeType i = 0; i < links.Size(); ++i) {
      const std::string where = "links[" + std::to_string(i) + "]";
      const Value& l = Object(links[i], where);
      LinkInfo link;
      link.id = Id(Member(l, "id", where), where, "id");
      if (!link_ids.insert(link.id).second)
        Bad(where, "repeats link id " + std::to_string(link.id));
      link.source = Id(Member(l, "source", where), where, "source");
      link.target = Id(Member(l, "target", where), where, "target");
      if (!node_ids.contains(link.source))
        Bad(where, "has source " + std::to_string(link.source) + ", which is not a node");
      if (!node_ids.contains(link.target))
        Bad(where, "has target " + std::to_string(link.target) + ", which is not a node");
      link.type = Str(Member(l, "type", where), where, "type");
      if (const Value* k = Optional(l, "kind")) {
        const std::string kind = Str(*k, where, "kind");
        if (kind == "stated") link.kind = RelationKind::kStated;
        else if (kind == "cooccurrence") link.kind = RelationKind::kCooccurrence;
        else Bad(where, "has kind \"" + kind + "\" (expected \"stated\" or \"cooccurrence\")");
      }
      const Value& evidence = Array(Optional(l, "evidence"), where, "evidence");
      for (rapidjson::SizeType j = 0; j < evidence.Size(); ++j) {
        const std::string ew = where + ".evidence[" + std::to_string(j) + "]";
        const Value& e = Object(evidence[j], ew);
        EvidenceInfo ei;
        ei.document = Id(Member(e, "document", ew), ew, "document");
        check_doc(ei.document, ew);
        ei.start = Offset(Member(e, "start", ew), ew, "start");
        ei.end = Offset(Member(e, "end", ew), ew, "end");
        if (ei.end < ei.start) Bad(ew, "ends before it starts");
        if (const Value* t = Optional(e, "text")) ei.text = Str(*t, ew, "text");
        read_page(e, ei.document, ei.start, ew);
        link.evidence.push_back(std::move(ei));
      }
      std::sort(link.evidence.begin(), link.evidence.end(), [](const auto& a, const auto& b) {
        return std::tie(a.document, a.start, a.end) < std::tie(b.document, b.start, b.end);
      });
      g.links.push_back(std::move(link));
    }
    ResolvePages(paged, &g);
    auto by_id = [](const auto& a, const auto& b) { return a.id < b.id; };
    std::sort(g.documents.begin(), g.documents.end(), by_id);
    std::sort(g.nodes.begin(), g.nodes.end(), by_id);
    std::sort(g.links.begin(), g.links.end(), by_id);
    return g;
  }

 private:
  // A document that lists "page_starts" must agree with every page written on its mentions and
  // evidence; one that does not gets page starts rebuilt from them (each page starts at its
  // first entry, an empty page where the next one starts), so a file without "page_starts"
  // still round-trips its pages.
  template <class Paged>
  void ResolvePages(std::vector<Paged>& paged, GraphData* g) const {
    std::stable_sort(paged.begin(), paged.end(),
                     [](const Paged& a, const Paged& b) { return a.document < b.document; });
    for (size_t b = 0; b < paged.size();) {
      size_t e = b;
      while (e < paged.size() && paged[e].document == paged[b].document) ++e;
      const int64_t doc = paged[b].document;
      if (!g->page_starts.contains(doc)) {
        uint32_t last = 0;
        for (size_t i = b; i < e; ++i) last = std::max(last, paged[i].page);
        if (last > (1u << 20)) Bad(paged[b].where, "names page " + std::to_string(last) +
                                                       ", more than a document has");
        std::vector<uint32_t> starts(last, UINT32_MAX);
        for (size_t i = b; i < e; ++i)
          starts[paged[i].page - 1] = std::min(starts[paged[i].page - 1], paged[i].offset);
        for (size_t p = last; p-- > 0;)
          if (starts[p] == UINT32_MAX) starts[p] = p + 1 < last ? starts[p + 1] : 0;
        starts[0] = 0;
        for (size_t p = 1; p < last; ++p) starts[p] = std::max(starts[p], starts[p - 1]);
        g->page_starts.emplace(doc, std::move(starts));
      }
      for (size_t i = b; i < e; ++i) {
        const uint32_t derived = PageAt(*g, doc, paged[i].offset);
        if (derived != paged[i].page)
          Bad(paged[i].where, "says page " + std::to_string(paged[i].page) +
                                  " but its document's pages put offset " +
                                  std::to_string(paged[i].offset) + " on page " +
                                  std::to_string(derived));
      }
      b = e;
    }
  }

  std::string_view source_;
};

}  // namespace

Status WriteGraphJson(const GraphData& graph, std::ostream& out, bool pretty) {
  rapidjson::OStreamWrapper os(out);
  if (pretty) {
    rapidjson::PrettyWriter<rapidjson::OStreamWrapper> w(os);
    w.SetIndent(' ', 2);
    WriteAll(w, graph);
  } else {
    rapidjson::Writer<rapidjson::OStreamWrapper> w(os);
    WriteAll(w, graph);
  }
  out << '\n';
  out.flush();
  if (!out) return Fail(ErrorCode::kIo, "Could not write the graph JSON (stream error).");
  return {};
}

Status WriteGraphJsonFile(const GraphData& graph, const std::string& path, bool overwrite) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path target(path);
  if (!overwrite && fs::exists(target, ec))
    return Fail(ErrorCode::kIo, path + " already exists; choose another name or allow overwriting.");
  const fs::path temp =
      target.parent_path() /
      (target.filename().string() + ".tmp-" + std::to_string(static_cast<long>(::getpid())));
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) return Fail(ErrorCode::kIo, "Could not create " + temp.string() + " to write " + path + ".");
    if (auto st = WriteGraphJson(graph, out, true); !st) {
      out.close();
      fs::remove(temp, ec);
      return Fail(ErrorCode::kIo, "Could not write " + path + " (disk full or I/O error).");
    }
    out.close();
    if (!out) {
      fs::remove(temp, ec);
      return Fail(ErrorCode::kIo, "Could not write " + path + " (disk full or I/O error).");
    }
  }
  fs::rename(temp, target, ec);
  if (ec) {
    fs::remove(temp, ec);
    return Fail(ErrorCode::kIo, "Could not move the new file into place at " + path + ".");
  }
  return {};
}

Result<GraphData> ReadGraphJson(std::string_view text, std::string_view source) {
  // Nesting check first (iteratively), so a hostile file cannot exhaust the parser's stack.
  {
    int depth = 0;
    bool in_string = false, escape = false;
    for (size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      if (in_string) {
        if (escape) escape = false;
        else if (c == '\\') escape = true;
        else if (c == '"') in_string = false;
        continue;
      }
      if (c == '"') in_string = true;
      else if (c == '[' || c == '{') {
        if (++depth > kMaxDepth)
          return Fail(ErrorCode::kParse, std::string(source) + ":" + Where(text, i) +
                                             ": nesting deeper than " +
                                             std::to_string(kMaxDepth) + " levels.");
      } else if (c == ']' || c == '}') {
        --depth;
      }
    }
  }
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(text.data(), text.size());
  if (doc.HasParseError()) {
    return Fail(ErrorCode::kParse, std::string(source) + ":" + Where(text, doc.GetErrorOffset()) +
                                       ": " + rapidjson::GetParseError_En(doc.GetParseError()));
  }
  try {
    Reader reader(source);
    return reader.Read(doc);
  } catch (const Invalid& e) {
    return Fail(e.code, e.message + ".");
  }
}

Result<GraphData> ReadGraphJsonFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kIo, "Could not open " + path + " for reading.");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Fail(ErrorCode::kIo, "Could not read " + path + ".");
  return ReadGraphJson(ss.str(), path);
}

void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

}  // namespace accord::graph
