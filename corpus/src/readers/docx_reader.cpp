// DOCX reader: libzip opens the package from memory, pugixml parses word/document.xml (with
// word/styles.xml for heading styles, word/numbering.xml for bullets versus numbers and
// docProps/core.xml for title, creator and dates). Paragraphs in the Heading 1..9 or Title
// styles (or with an outline level) become "# " lines, numbered paragraphs "- " or "N. "
// lines, table rows one line each (cells joined by " | "); deleted text is left out.
#include <zip.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <pugixml.hpp>

#include "readers/readers.hpp"

namespace accord::corpus::readers {
namespace {

using graph::ErrorCode;

constexpr size_t kMaxPartBytes = size_t{256} << 20;  // a larger XML part is not a real document

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};

// The bytes of `part` in the archive; nullopt when it is missing; an error when unreadable.
graph::Result<std::optional<std::string>> ReadPart(zip_t* zip, const char* part,
                                                   const std::string& name) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(zip, part, 0, &st) != 0) return std::optional<std::string>{};
  if (!(st.valid & ZIP_STAT_SIZE) || st.size > kMaxPartBytes) {
    return graph::Fail(ErrorCode::kUnsupported,
                       name + ": " + part + " is too large to be a Word document part");
  }
  zip_file_t* f = zip_fopen(zip, part, 0);
  if (!f) {
    return graph::Fail(ErrorCode::kParse,
                       name + ": " + part + " cannot be unpacked (" + zip_strerror(zip) + ")");
  }
  std::string bytes(static_cast<size_t>(st.size), '\0');
  const zip_int64_t got = zip_fread(f, bytes.data(), st.size);
  zip_fclose(f);
  if (got < 0 || static_cast<zip_uint64_t>(got) != st.size) {
    return graph::Fail(ErrorCode::kParse,
                       name + ": " + part + " is damaged (it cannot be unpacked in full)");
  }
  return std::optional<std::string>(std::move(bytes));
}

// Element name without its namespace prefix ("w:p" -> "p").
std::string_view Local(const pugi::xml_node& n) {
  std::string_view s = n.name();
  const size_t colon = s.find(':');
  return colon == std::string_view::npos ? s : s.substr(colon + 1);
}

std::string_view Attr(const pugi::xml_node& n, std::string_view local) {
  for (const pugi::xml_attribute& a : n.attributes()) {
    std::string_view s = a.name();
    const size_t colon = s.find(':');
    if ((colon == std::string_view::npos ? s : s.substr(colon + 1)) == local) return a.value();
  }
  return {};
}

pugi::xml_node Child(const pugi::xml_node& n, std::string_view local) {
  for (const pugi::xml_node& c : n.children())
    if (Local(c) == local) return c;
  return {};
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// styleId -> heading level (1..9), from the style names ("heading 1", "Title").
std::map<std::string, int, std::less<>> HeadingStyles(const pugi::xml_document& styles) {
  std::map<std::string, int, std::less<>> out;
  for (const pugi::xml_node& st : styles.document_element().children()) {
    if (Local(st) != "style") continue;
    const std::string id(Attr(st, "styleId"));
    const std::string nm = Lower(Attr(Child(st, "name"), "val"));
    int level = 0;
    if (nm == "title")
      level = 1;
    else if (nm.starts_with("heading ") && nm.size() == 9 && nm[8] >= '1' && nm[8] <= '9')
      level = nm[8] - '0';
    if (!level) {
      if (pugi::xml_node ol = Child(Child(st, "pPr"), "outlineLvl"))
        level = std::atoi(std::string(Attr(ol, "val")).c_str()) + 1;
    }
    if (level > 0 && !id.empty()) out[id] = std::min(level, 6);
  }
  return out;
}

// (numId, ilvl) -> "bullet", "decimal", ... from numbering.xml.
std::map<std::pair<std::string, int>, std::string> NumberFormats(const pugi::xml_document& num) {
  std::map<std::string, std::map<int, std::string>> abstract;
  for (const pugi::xml_node& a : num.document_element().children()) {
    if (Local(a) != "abstractNum") continue;
    auto& levels = abstract[std::string(Attr(a, "abstractNumId"))];
    for (const pugi::xml_node& l : a.children())
      if (Local(l) == "lvl")
        levels[std::atoi(std::string(Attr(l, "ilvl")).c_str())] =
            std::string(Attr(Child(l, "numFmt"), "val"));
  }
  std::map<std::pair<std::string, int>, std::string> out;
  for (const pugi::xml_node& n : num.document_element().children()) {
    if (Local(n) != "num") continue;
    const std::string id(Attr(n, "numId"));
    auto it = abstract.find(std::string(Attr(Child(n, "abstractNumId"), "val")));
    if (it == abstract.end()) continue;
    for (const auto& [lvl, fmt] : it->second) out[{id, lvl}] = fmt;
  }
  return out;
}

class Body {
 public:
  Body(const std::map<std::string, int, std::less<>>& headings,
       const std::map<std::pair<std::string, int>, std::string>& formats)
      : headings_(headings), formats_(formats) {}

  void Blocks(const pugi::xml_node& parent) {
    for (const pugi::xml_node& c : parent.children()) {
      const std::string_view k = Local(c);
      if (k == "p")
        Paragraph(c);
      else if (k == "tbl")
        Table(c);
      else if (k == "sdt")
        Blocks(Child(c, "sdtContent"));
      else if (k == "customXml" || k == "ins" || k == "smartTag")
        Blocks(c);
    }
  }

  std::string Take() { return out_.Take(); }

 private:
  // The text of a paragraph's runs (hyperlinks, insertions, fields' results included).
  void Runs(const pugi::xml_node& n, std::string* text) {
    for (const pugi::xml_node& c : n.children()) {
      const std::string_view k = Local(c);
      if (k == "t")
        *text += c.text().get();
      else if (k == "tab" || k == "br" || k == "cr")
        *text += ' ';
      else if (k == "noBreakHyphen")
        *text += '-';
      else if (k == "del" || k == "delText" || k == "instrText" || k == "pPr" || k == "rPr" ||
               k == "footnoteReference" || k == "endnoteReference" || k == "drawing" ||
               k == "pict" || k == "object")
        continue;
      else
        Runs(c, text);
    }
  }

  void Paragraph(const pugi::xml_node& p) {
    std::string text;
    Runs(p, &text);
    if (text.find_first_not_of(" \t") == std::string::npos) return;
    const pugi::xml_node ppr = Child(p, "pPr");
    int level = 0;
    if (pugi::xml_node st = Child(ppr, "pStyle")) {
      if (auto it = headings_.find(Attr(st, "val")); it != headings_.end()) level = it->second;
    }
    if (pugi::xml_node ol = Child(ppr, "outlineLvl"); ol && !level) {
      const int v = std::atoi(std::string(Attr(ol, "val")).c_str());
      if (v >= 0 && v < 9) level = std::min(v + 1, 6);
    }
    if (level > 0) {
      last_list_ = false;
      out_.BeginBlock(std::string(static_cast<size_t>(level), '#') + " ");
      out_.Inline(text);
      out_.EndBlock();
      return;
    }
    if (pugi::xml_node num = Child(ppr, "numPr")) {
      const std::string id(Attr(Child(num, "numId"), "val"));
      const int ilvl = std::atoi(std::string(Attr(Child(num, "ilvl"), "val")).c_str());
      if (!id.empty() && id != "0") {
        auto it = formats_.find({id, ilvl});
        const std::string fmt = it == formats_.end() ? "bullet" : it->second;
        std::string prefix(static_cast<size_t>(2 * std::clamp(ilvl, 0, 8)), ' ');
        if (fmt == "bullet" || fmt == "none") {
          prefix += "- ";
        } else {
          int& counter = counters_[{id, ilvl}];
          prefix += std::to_string(++counter) + ". ";
          // a deeper level restarts when its parent moves on
          for (auto& [key, value] : counters_)
            if (key.first == id && key.second > ilvl) value = 0;
        }
        if (!last_list_) out_.EndGroup();
        out_.BeginBlock(std::move(prefix));
        out_.Inline(text);
        out_.EndBlock(/*tight=*/true);
        last_list_ = true;
        return;
      }
    }
    last_list_ = false;
    out_.BeginBlock("");
    out_.Inline(text);
    out_.EndBlock();
  }

  void Table(const pugi::xml_node& tbl) {
    last_list_ = false;
    out_.EndGroup();
    for (const pugi::xml_node& tr : tbl.children()) {
      if (Local(tr) != "tr") continue;
      std::string row;
      for (const pugi::xml_node& tc : tr.children()) {
        if (Local(tc) != "tc") continue;
        std::string cell;
        for (const pugi::xml_node& p : tc.children()) {
          if (Local(p) != "p") continue;
          std::string t;
          Runs(p, &t);
          if (t.find_first_not_of(" \t") == std::string::npos) continue;
          if (!cell.empty()) cell += ' ';
          cell += t;
        }
        if (cell.empty()) continue;
        if (!row.empty()) row += " | ";
        row += cell;
      }
      out_.BeginBlock("");
      out_.Inline(row);
      out_.EndBlock(/*tight=*/true);
    }
    out_.EndGroup();
  }

  const std::map<std::string, int, std::less<>>& headings_;
  const std::map<std::pair<std::string, int>, std::string>& formats_;
  std::map<std::pair<std::string, int>, int> counters_;
  TextBuilder out_;
  bool last_list_ = false;
};

graph::Result<pugi::xml_document*> Parse(pugi::xml_document* doc, const std::string& bytes,
                                         const char* part, const std::string& name) {
  pugi::xml_parse_result r = doc->load_buffer(bytes.data(), bytes.size(),
                                              pugi::parse_default | pugi::parse_ws_pcdata_single);
  if (!r) {
    return graph::Fail(ErrorCode::kParse, name + ": " + part + " is not well-formed XML (" +
                                              r.description() + " at byte " +
                                              std::to_string(r.offset) + ")");
  }
  return doc;
}

}  // namespace

graph::Result<ExtractedText> ReadDocx(std::string_view bytes, const std::string& name) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!src) {
    zip_error_fini(&error);
    return graph::Fail(ErrorCode::kIo, name + " cannot be opened as a ZIP archive");
  }
  std::unique_ptr<zip_t, ZipCloser> zip(zip_open_from_source(src, ZIP_RDONLY, &error));
  if (!zip) {
    zip_source_free(src);
    std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    return graph::Fail(
        ErrorCode::kParse,
        name + " is not a Word document: it is not a readable ZIP archive (" + why + ")");
  }
  zip_error_fini(&error);

  auto document = ReadPart(zip.get(), "word/document.xml", name);
  if (!document) return std::unexpected(document.error());
  if (!*document) {
    return graph::Fail(ErrorCode::kUnsupported,
                       name +
                           " is a ZIP archive but not a Word document (it has no "
                           "word/document.xml)");
  }
  pugi::xml_document styles_xml, numbering_xml, core_xml, body_xml;
  std::map<std::string, int, std::less<>> headings;
  std::map<std::pair<std::string, int>, std::string> formats;
  if (auto part = ReadPart(zip.get(), "word/styles.xml", name); !part) {
    return std::unexpected(part.error());
  } else if (*part) {
    if (auto ok = Parse(&styles_xml, **part, "word/styles.xml", name); !ok)
      return std::unexpected(ok.error());
    headings = HeadingStyles(styles_xml);
  }
  if (auto part = ReadPart(zip.get(), "word/numbering.xml", name); !part) {
    return std::unexpected(part.error());
  } else if (*part) {
    if (auto ok = Parse(&numbering_xml, **part, "word/numbering.xml", name); !ok)
      return std::unexpected(ok.error());
    formats = NumberFormats(numbering_xml);
  }
  if (auto ok = Parse(&body_xml, **document, "word/document.xml", name); !ok)
    return std::unexpected(ok.error());
  pugi::xml_node body = Child(body_xml.document_element(), "body");
  if (Local(body_xml.document_element()) != "document" || !body) {
    return graph::Fail(ErrorCode::kParse,
                       name + ": word/document.xml has no <w:body>; it is not a Word document");
  }
  Body walker(headings, formats);
  walker.Blocks(body);

  ExtractedText out;
  out.text = ValidUtf8(walker.Take());
  if (out.text.find_first_not_of(" \n") == std::string::npos) {
    return graph::Fail(ErrorCode::kUnsupported, name + " is a Word document with no text");
  }
  if (auto part = ReadPart(zip.get(), "docProps/core.xml", name); part && *part) {
    if (Parse(&core_xml, **part, "docProps/core.xml", name)) {
      static constexpr std::pair<std::string_view, const char*> kKeys[] = {
          {"title", "title"},     {"creator", "author"},    {"subject", "subject"},
          {"created", "created"}, {"modified", "modified"}, {"keywords", "keywords"}};
      for (const auto& [local, key] : kKeys) {
        for (const pugi::xml_node& c : core_xml.document_element().children()) {
          if (Local(c) != local) continue;
          TextBuilder b;
          b.Inline(c.text().get());
          std::string v = b.Take();
          while (!v.empty() && v.back() == '\n') v.pop_back();
          if (v.empty()) continue;
          out.metadata.emplace_back(key, ValidUtf8(v));
          if (local == "title") out.title = out.metadata.back().second;
        }
      }
    }
  }
  return out;
}

}  // namespace accord::corpus::readers
