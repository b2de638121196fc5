// HTML reader on gumbo (an HTML5 parser: entities decoded, broken markup repaired the way
// browsers do). The main content is <main>, else the first <article>, else <body>; navigation,
// page headers and footers, asides, scripts, styles and templates are dropped. Headings become
// "# " lines, list items "- " or "N. " lines, table rows one line each (cells joined by " | "),
// every other block a paragraph. A <header> or <footer> inside an article or section is kept:
// it is that article's (its title), not the site's. <title> and <meta name=...> become document
// metadata.
#include <gumbo.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "readers/readers.hpp"

namespace accord::corpus::readers {
namespace {

using graph::ErrorCode;

bool Skipped(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_CANVAS:
      return true;
    default:
      return false;
  }
}

bool IsInline(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_A:
    case GUMBO_TAG_ABBR:
    case GUMBO_TAG_B:
    case GUMBO_TAG_BDI:
    case GUMBO_TAG_BDO:
    case GUMBO_TAG_CITE:
    case GUMBO_TAG_CODE:
    case GUMBO_TAG_DATA:
    case GUMBO_TAG_DFN:
    case GUMBO_TAG_EM:
    case GUMBO_TAG_FONT:
    case GUMBO_TAG_I:
    case GUMBO_TAG_KBD:
    case GUMBO_TAG_LABEL:
    case GUMBO_TAG_MARK:
    case GUMBO_TAG_Q:
    case GUMBO_TAG_S:
    case GUMBO_TAG_SAMP:
    case GUMBO_TAG_SMALL:
    case GUMBO_TAG_SPAN:
    case GUMBO_TAG_STRONG:
    case GUMBO_TAG_SUB:
    case GUMBO_TAG_SUP:
    case GUMBO_TAG_TIME:
    case GUMBO_TAG_U:
    case GUMBO_TAG_VAR:
    case GUMBO_TAG_WBR:
    case GUMBO_TAG_IMG:
      return true;
    default:
      return false;
  }
}

int HeadingLevel(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_H1:
      return 1;
    case GUMBO_TAG_H2:
      return 2;
    case GUMBO_TAG_H3:
      return 3;
    case GUMBO_TAG_H4:
      return 4;
    case GUMBO_TAG_H5:
      return 5;
    case GUMBO_TAG_H6:
      return 6;
    default:
      return 0;
  }
}

const GumboNode* FindFirst(const GumboNode* node, GumboTag tag) {
  if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT) return nullptr;
  if (node->type == GUMBO_NODE_ELEMENT && node->v.element.tag == tag) return node;
  const GumboVector& kids =
      node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children : node->v.element.children;
  for (unsigned i = 0; i < kids.length; ++i)
    if (const GumboNode* hit = FindFirst(static_cast<const GumboNode*>(kids.data[i]), tag))
      return hit;
  return nullptr;
}

// All text below `node`, white space collapsed.
std::string PlainText(const GumboNode* node) {
  TextBuilder b;
  struct Walk {
    TextBuilder& b;
    void operator()(const GumboNode* n) {
      if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
          n->type == GUMBO_NODE_CDATA) {
        b.Inline(n->v.text.text);
        b.Inline(" ");
      } else if (n->type == GUMBO_NODE_ELEMENT) {
        for (unsigned i = 0; i < n->v.element.children.length; ++i)
          (*this)(static_cast<const GumboNode*>(n->v.element.children.data[i]));
      }
    }
  } walk{b};
  walk(node);
  std::string s = b.Take();
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string Windows1252ToUtf8(std::string_view s) {
  // 0x80..0x9F; 0 where Windows-1252 leaves the byte undefined
  static constexpr char16_t kHigh[32] = {
      0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (unsigned char c : s) {
    char32_t cp = c;
    if (c >= 0x80 && c <= 0x9F) cp = kHigh[c - 0x80] ? kHigh[c - 0x80] : 0xFFFD;
    if (c == 0) cp = 0xFFFD;
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  return out;
}

class Walker {
 public:
  explicit Walker(TextBuilder* out) : out_(out) {}

  void Visit(const GumboNode* n) {
    switch (n->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
      case GUMBO_NODE_WHITESPACE:
        out_->Inline(n->v.text.text);
        return;
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE:
        break;
      default:
        return;
    }
    const GumboElement& e = n->v.element;
    // A <header> or <footer> inside an article or section belongs to it (its title, its
    // date line); only the page's own are dropped.
    const bool own_part = (e.tag == GUMBO_TAG_HEADER || e.tag == GUMBO_TAG_FOOTER) && sections_ > 0;
    if ((Skipped(e.tag) && !own_part) || n->type == GUMBO_NODE_TEMPLATE) return;
    // hidden="" content is not shown to readers either
    if (gumbo_get_attribute(&e.attributes, "hidden")) return;
    if (e.tag == GUMBO_TAG_BR) {
      out_->Inline(" ");
      return;
    }
    if (e.tag == GUMBO_TAG_IMG) return;  // an image's alt text is not the document's text
    if (IsInline(e.tag)) {
      Children(e);
      return;
    }
    if (const int level = HeadingLevel(e.tag)) {
      out_->BeginBlock(std::string(static_cast<size_t>(level), '#') + " ");
      Children(e);
      if (out_->BlockEmpty()) out_->BeginBlock("");  // an empty heading leaves no mark
      out_->EndBlock();
      return;
    }
    if (e.tag == GUMBO_TAG_UL || e.tag == GUMBO_TAG_OL) {
      if (lists_.empty())
        out_->EndGroup();
      else
        out_->EndBlock(/*tight=*/true);  // a nested list goes on under its item
      lists_.push_back({e.tag == GUMBO_TAG_OL, 1});
      if (const GumboAttribute* start = gumbo_get_attribute(&e.attributes, "start"))
        lists_.back().next = std::max(1, std::atoi(start->value));
      Children(e);
      out_->EndBlock(lists_.size() > 1);
      lists_.pop_back();
      if (lists_.empty()) out_->EndGroup();
      return;
    }
    if (e.tag == GUMBO_TAG_LI) {
      std::string prefix(2 * (lists_.empty() ? 0 : lists_.size() - 1), ' ');
      if (!lists_.empty() && lists_.back().ordered)
        prefix += std::to_string(lists_.back().next++) + ". ";
      else
        prefix += "- ";
      out_->BeginBlock(std::move(prefix));
      in_item_ = true;
      Children(e);
      in_item_ = false;
      if (out_->BlockEmpty()) out_->BeginBlock("");  // an empty item leaves no mark
      out_->EndBlock(/*tight=*/true);
      return;
    }
    if (e.tag == GUMBO_TAG_TR) {
      out_->EndBlock(true);
      bool first = true;
      for (unsigned i = 0; i < e.children.length; ++i) {
        const auto* cell = static_cast<const GumboNode*>(e.children.data[i]);
        if (cell->type != GUMBO_NODE_ELEMENT) continue;
        std::string t = PlainText(cell);
        if (t.empty()) continue;
        if (!first) out_->Inline(" | ");
        out_->Inline(t);
        first = false;
      }
      out_->EndBlock(/*tight=*/true);
      return;
    }
    if (e.tag == GUMBO_TAG_TABLE) {
      out_->EndGroup();
      Children(e);
      out_->EndGroup();
      return;
    }
    const bool sectioning =
        e.tag == GUMBO_TAG_ARTICLE || e.tag == GUMBO_TAG_SECTION || e.tag == GUMBO_TAG_MAIN;
    sections_ += sectioning;
    struct Leave {
      int& n;
      bool on;
      ~Leave() { n -= on; }
    } leave{sections_, sectioning};
    // Any other block (p, div, section, blockquote, pre, dd, figcaption, ...). Inside a list
    // item a paragraph continues the item's text.
    if (in_item_ && e.tag == GUMBO_TAG_P) {
      out_->Inline(" ");
      Children(e);
      out_->Inline(" ");
      return;
    }
    out_->EndBlock(in_item_);
    Children(e);
    out_->EndBlock(in_item_);
  }

 private:
  void Children(const GumboElement& e) {
    for (unsigned i = 0; i < e.children.length; ++i)
      Visit(static_cast<const GumboNode*>(e.children.data[i]));
  }

  struct List {
    bool ordered;
    int next;
  };
  TextBuilder* out_;
  std::vector<List> lists_;
  bool in_item_ = false;
  int sections_ = 0;  // open <article>, <section> and <main> elements
};

}  // namespace

graph::Result<ExtractedText> ReadHtml(std::string_view bytes, const std::string& name) {
  // Gumbo reads UTF-8; a page that is not UTF-8 is taken as Windows-1252 (which includes
  // ISO 8859-1), the encoding older pages declare.
  std::string source = ValidUtf8(bytes) == bytes ? std::string(bytes) : Windows1252ToUtf8(bytes);
  std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> parsed(
      gumbo_parse_with_options(&kGumboDefaultOptions, source.data(), source.size()),
      [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
  if (!parsed) return graph::Fail(ErrorCode::kParse, name + " could not be parsed as HTML");

  ExtractedText out;
  if (const GumboNode* title = FindFirst(parsed->document, GUMBO_TAG_TITLE)) {
    out.title = PlainText(title);
    if (!out.title.empty()) out.metadata.emplace_back("title", out.title);
  }
  // <meta name="author" content="..."> and friends, in document order.
  struct Metas {
    ExtractedText& out;
    void operator()(const GumboNode* n) {
      if (n->type != GUMBO_NODE_ELEMENT) return;
      const GumboElement& e = n->v.element;
      if (e.tag == GUMBO_TAG_META) {
        const GumboAttribute* key = gumbo_get_attribute(&e.attributes, "name");
        if (!key) key = gumbo_get_attribute(&e.attributes, "property");
        const GumboAttribute* value = gumbo_get_attribute(&e.attributes, "content");
        if (key && value) {
          std::string k = key->value;
          for (char& c : k)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
          static constexpr std::string_view kKept[] = {"author",   "description", "keywords",
                                                       "date",     "dc.date",     "dc.creator",
                                                       "dc.title", "publisher"};
          for (std::string_view kept : kKept) {
            if (k == kept) {
              TextBuilder b;
              b.Inline(value->value);
              std::string v = b.Take();
              while (!v.empty() && v.back() == '\n') v.pop_back();
              if (!v.empty()) out.metadata.emplace_back(k, ValidUtf8(v));
            }
          }
        }
      }
      for (unsigned i = 0; i < e.children.length; ++i)
        (*this)(static_cast<const GumboNode*>(e.children.data[i]));
    }
  } metas{out};
  metas(parsed->root);

  const GumboNode* root = FindFirst(parsed->document, GUMBO_TAG_MAIN);
  if (!root) root = FindFirst(parsed->document, GUMBO_TAG_ARTICLE);
  if (!root) root = FindFirst(parsed->document, GUMBO_TAG_BODY);
  if (!root) root = parsed->root;
  TextBuilder builder;
  Walker(&builder).Visit(root);
  out.text = builder.Take();
  if (out.text.find_first_not_of(" \n") == std::string::npos) {
    return graph::Fail(ErrorCode::kUnsupported,
                       name + " is an HTML page with no readable text in its main content");
  }
  return out;
}

}  // namespace accord::corpus::readers
