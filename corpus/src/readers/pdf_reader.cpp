// PDF reader on poppler's C++ library: word boxes from page::text_list() are grouped into rows
// by their vertical position; running headers and footers (a row repeated at the same height
// in the top or bottom margin of most pages) and bare page numbers are dropped; a two-column
// page is found by a gutter that splits most rows and is read column by column; rows become
// lines, lines paragraphs (by the gap to the previous line), a larger font a heading; a hyphen
// at a line end before a lower-case letter is undone (kept when the joined word is not in the
// system word list, wamerican, but both halves are: "self-" + "regulation"). Page starts are
// recorded as the byte offset where each page's first text lands in the output.
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <unordered_set>

#include "readers/readers.hpp"

namespace accord::corpus::readers {
namespace {

using graph::ErrorCode;

struct Word {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // points, y grows downwards
  double size = 0;                        // font size in points
  std::string text;
};

struct Row {
  double y0 = 0, y1 = 0;
  std::vector<Word> words;  // sorted by x0
  double Center() const { return (y0 + y1) / 2; }
};

struct Page {
  double width = 0, height = 0;
  std::vector<Row> rows;  // top to bottom
};

// One line of text in reading order.
struct Line {
  std::string text;
  double x0 = 0, y0 = 0, y1 = 0, size = 0;
  int page = 0;
  int flow = 0;  // lines of one column segment share a flow number
};

void SilencePoppler() {
  static const bool done = [] {
    poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr);
    return true;
  }();
  (void)done;
}

std::string Utf8(const poppler::ustring& u) {
  poppler::byte_array b = u.to_utf8();
  return std::string(b.begin(), b.end());
}

std::vector<Row> GroupRows(std::vector<Word> words) {
  std::sort(words.begin(), words.end(), [](const Word& a, const Word& b) {
    const double ca = (a.y0 + a.y1) / 2, cb = (b.y0 + b.y1) / 2;
    return ca != cb ? ca < cb : a.x0 < b.x0;
  });
  std::vector<Row> rows;
  for (Word& w : words) {
    const double c = (w.y0 + w.y1) / 2, h = std::max(1.0, w.y1 - w.y0);
    if (!rows.empty()) {
      Row& r = rows.back();
      const double rh = std::max(1.0, r.y1 - r.y0);
      if (std::fabs(c - r.Center()) < 0.5 * std::min(h, rh)) {
        r.y0 = std::min(r.y0, w.y0);
        r.y1 = std::max(r.y1, w.y1);
        r.words.push_back(std::move(w));
        continue;
      }
    }
    Row r;
    r.y0 = w.y0;
    r.y1 = w.y1;
    r.words.push_back(std::move(w));
    rows.push_back(std::move(r));
  }
  for (Row& r : rows)
    std::sort(r.words.begin(), r.words.end(),
              [](const Word& a, const Word& b) { return a.x0 < b.x0; });
  return rows;
}

std::string JoinWords(const std::vector<Word>& words, size_t b, size_t e) {
  std::string out;
  for (size_t i = b; i < e; ++i) {
    if (i > b) {
      const double gap = words[i].x0 - words[i - 1].x1;
      if (gap > 0.1 * std::max(words[i].size, 1.0)) out.push_back(' ');
    }
    out += words[i].text;
  }
  return out;
}

// Digits folded to '#', lower case, for comparing running headers across pages.
std::string RunningKey(const Row& r) {
  std::string s = JoinWords(r.words, 0, r.words.size());
  for (char& c : s) {
    if (c >= '0' && c <= '9') c = '#';
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  s.erase(std::unique(s.begin(), s.end(), [](char a, char b) { return a == '#' && b == '#'; }),
          s.end());
  return s;
}

bool IsPageNumber(std::string_view s) {
  // "7", "- 7 -", "Page 7", "page 7 of 12", "7 / 12", "vii"
  std::string t;
  for (char c : s) {
    if (c == ' ' || c == '-' || c == '\xE2' || c == '\x80' || c == '\x93' || c == '\x94') continue;
    t.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  if (t.starts_with("page")) t = t.substr(4);
  if (t.empty()) return false;
  if (t.find_first_not_of("ivxlc") == std::string::npos && t.size() <= 6) return true;
  size_t i = 0;
  while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
  if (i == 0 || i > 5) return false;
  if (i == t.size()) return true;
  std::string_view rest = std::string_view(t).substr(i);
  if (rest.starts_with("of"))
    rest.remove_prefix(2);
  else if (rest.starts_with("/"))
    rest.remove_prefix(1);
  else
    return false;
  return !rest.empty() && rest.size() <= 5 &&
         rest.find_first_not_of("0123456789") == std::string_view::npos;
}

// "Chapter 2: Scope 14", "14 Chapter 2": the bare number a row starts or ends with, minus the
// page index, so that a page number printed on every page gives the same value; kNoNumber when
// the row has none.
constexpr int kNoNumber = std::numeric_limits<int>::min();
int EdgeNumberOffset(const Row& r, size_t page) {
  auto number = [](const std::string& t) {
    return !t.empty() && t.size() <= 4 && t.find_first_not_of("0123456789") == std::string::npos;
  };
  if (r.words.size() < 2) return kNoNumber;
  const std::string& t = number(r.words.back().text) ? r.words.back().text : r.words.front().text;
  if (!number(t)) return kNoNumber;
  return std::atoi(t.c_str()) - static_cast<int>(page);
}

bool InMargin(const Page& p, const Row& r) {
  return r.y1 <= p.height * 0.12 || r.y0 >= p.height * 0.88;
}

// Drops running headers and footers and bare page numbers from every page: a margin row that
// comes back at the same height on most pages, word for word or with a page number that
// follows the page order, or, when it is the first or last row of its page and carries such a
// page number, on at least two (a chapter's own running header). "Section 1" and "Section 3"
// at the same height are not alike: their numbers do not follow the pages.
void DropRunningRows(std::vector<Page>& pages) {
  struct Seen {
    int page;
    double y;
    int number;  // EdgeNumberOffset
    std::string text;
  };
  std::map<std::string, std::vector<Seen>> seen;
  for (size_t p = 0; p < pages.size(); ++p)
    for (const Row& r : pages[p].rows)
      if (InMargin(pages[p], r))
        seen[RunningKey(r)].push_back({static_cast<int>(p), r.Center(), EdgeNumberOffset(r, p),
                                       JoinWords(r.words, 0, r.words.size())});
  const size_t n = pages.size();
  const size_t need = std::max<size_t>(2, (n + 1) / 2);
  for (size_t p = 0; p < n; ++p) {
    Page& page = pages[p];
    auto running = [&](size_t i) {
      const Row& r = page.rows[i];
      if (!InMargin(page, r)) return false;
      const std::string text = JoinWords(r.words, 0, r.words.size());
      if (IsPageNumber(text)) return true;
      if (n < 2) return false;
      const int number = EdgeNumberOffset(r, p);
      std::vector<int> same, numbered;
      for (const Seen& s : seen[RunningKey(r)]) {
        if (std::fabs(s.y - r.Center()) > 3.0) continue;
        if (s.text == text) same.push_back(s.page);
        if (number != kNoNumber && s.number == number) numbered.push_back(s.page);
      }
      auto distinct = [](std::vector<int>& v) {
        std::sort(v.begin(), v.end());
        return static_cast<size_t>(std::unique(v.begin(), v.end()) - v.begin());
      };
      const size_t numbered_pages = distinct(numbered);
      if (distinct(same) >= need || numbered_pages >= need) return true;
      const bool edge = i == 0 || i + 1 == page.rows.size();
      return edge && numbered_pages >= 2;
    };
    std::vector<Row> kept;
    for (size_t i = 0; i < page.rows.size(); ++i)
      if (!running(i)) kept.push_back(std::move(page.rows[i]));
    page.rows = std::move(kept);
  }
}

// Where row `r` splits at x: index of the first word right of x, or -1 when a word crosses x,
// the row lies on one side, or the gap around x is narrower than a column gutter.
int SplitAt(const Row& r, double x) {
  size_t k = 0;
  while (k < r.words.size() && r.words[k].x1 <= x) ++k;
  if (k == 0 || k == r.words.size()) return -1;
  if (r.words[k].x0 < x) return -1;
  const double size = std::max(r.words[k].size, r.words[k - 1].size);
  const double gap = r.words[k].x0 - r.words[k - 1].x1;
  return gap >= std::max(8.0, 1.2 * size) ? static_cast<int>(k) : -1;
}

bool Crosses(const Row& r, double x) {
  for (const Word& w : r.words)
    if (w.x0 < x && w.x1 > x) return true;
  return r.words.front().x0 < x && r.words.back().x1 > x;  // both sides, gap too narrow
}

// The x of a column gutter on this page, or NaN for a single-column page.
double FindGutter(const Page& p) {
  double best_x = std::numeric_limits<double>::quiet_NaN();
  int best = 0;
  for (double x = p.width * 0.3; x <= p.width * 0.7; x += 1.0) {
    int split = 0, spanning = 0;
    for (const Row& r : p.rows) {
      if (r.words.front().x0 >= x || r.words.back().x1 <= x) continue;
      ++spanning;
      if (SplitAt(r, x) >= 0) ++split;
    }
    if (split >= 2 && split * 10 >= spanning * 6 && split > best) {
      best = split;
      best_x = x;
    }
  }
  return best_x;
}

Line MakeLine(const std::vector<Word>& w, size_t b, size_t e, double y0, double y1, int page,
              int flow) {
  Line l;
  l.text = JoinWords(w, b, e);
  l.x0 = w[b].x0;
  l.y0 = y0;
  l.y1 = y1;
  l.page = page;
  l.flow = flow;
  // the line's size: that of most of its characters
  std::map<double, size_t> by_size;
  for (size_t i = b; i < e; ++i) by_size[std::round(w[i].size * 2) / 2] += w[i].text.size();
  l.size = std::max_element(by_size.begin(), by_size.end(), [](const auto& a, const auto& c) {
             return a.second < c.second;
           })->first;
  return l;
}

// The page's rows as lines in reading order: column by column inside two-column stretches.
void OrderPage(const Page& p, int page_no, int* flow, std::vector<Line>* out) {
  const double gutter = FindGutter(p);
  std::vector<Line> left, right;
  auto flush = [&] {
    if (!left.empty()) ++*flow;
    for (Line& l : left) {
      l.flow = *flow;
      out->push_back(std::move(l));
    }
    if (!right.empty()) ++*flow;
    for (Line& l : right) {
      l.flow = *flow;
      out->push_back(std::move(l));
    }
    left.clear();
    right.clear();
  };
  bool spanning_open = false;
  for (const Row& r : p.rows) {
    const size_t n = r.words.size();
    if (std::isnan(gutter) || Crosses(r, gutter)) {
      if (std::isnan(gutter) || SplitAt(r, gutter) < 0) {
        flush();
        if (!spanning_open) ++*flow;
        spanning_open = true;
        out->push_back(MakeLine(r.words, 0, n, r.y0, r.y1, page_no, *flow));
        continue;
      }
    }
    spanning_open = false;
    const int k = SplitAt(r, gutter);
    if (k >= 0) {
      left.push_back(MakeLine(r.words, 0, k, r.y0, r.y1, page_no, 0));
      right.push_back(MakeLine(r.words, k, n, r.y0, r.y1, page_no, 0));
    } else if (r.words.back().x1 <= gutter) {
      left.push_back(MakeLine(r.words, 0, n, r.y0, r.y1, page_no, 0));
    } else {
      right.push_back(MakeLine(r.words, 0, n, r.y0, r.y1, page_no, 0));
    }
  }
  flush();
}

// Lower-case words of the system word list (Debian wamerican); empty when it is missing, and
// then every line-end hyphen before a lower-case letter is undone.
const std::unordered_set<std::string>& WordList() {
  static const std::unordered_set<std::string> words = [] {
    std::unordered_set<std::string> w;
    std::ifstream in("/usr/share/dict/words");
    for (std::string line; std::getline(in, line);)
      if (!line.empty() && line[0] >= 'a' && line[0] <= 'z' && line.find('\'') == std::string::npos)
        w.insert(line);
    return w;
  }();
  return words;
}

std::string LowerLetters(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::isalpha(static_cast<unsigned char>(c)))
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

// Whether "head-" at a line end and "tail" on the next line are one word broken in two.
bool UndoHyphen(std::string_view para, std::string_view next) {
  size_t b = para.size() - 1;  // the hyphen
  while (b > 0 && std::isalpha(static_cast<unsigned char>(para[b - 1]))) --b;
  const std::string head = LowerLetters(para.substr(b, para.size() - 1 - b));
  size_t e = 0;
  while (e < next.size() && std::isalpha(static_cast<unsigned char>(next[e]))) ++e;
  const std::string tail = LowerLetters(next.substr(0, e));
  const auto& words = WordList();
  if (words.empty() || words.contains(head + tail)) return true;
  return !(words.contains(head) && words.contains(tail));
}

bool EndsSentence(std::string_view s) {
  while (!s.empty() && (s.back() == ' ')) s.remove_suffix(1);
  if (s.empty()) return true;
  const char c = s.back();
  return c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || s.ends_with("\xE2\x80\x9D");
}

bool StartsLower(std::string_view s) {
  return !s.empty() && s.front() >= 'a' && s.front() <= 'z';
}

// A bullet glyph at the start of a line, as Markdown's "- ".
bool TakeBullet(std::string* s) {
  for (std::string_view b : {"\xE2\x80\xA2", "\xE2\x96\xAA", "\xE2\x97\xA6", "-", "*"}) {
    if (s->starts_with(b) && s->size() > b.size() && (*s)[b.size()] == ' ') {
      *s = "- " + s->substr(b.size() + 1);
      return true;
    }
  }
  return false;
}

bool StartsNumberedItem(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && i < 3 && s[i] >= '0' && s[i] <= '9') ++i;
  return i > 0 && i + 1 < s.size() && (s[i] == '.' || s[i] == ')') && s[i + 1] == ' ';
}

}  // namespace

graph::Result<ExtractedText> ReadPdf(std::string_view bytes, const std::string& name) {
  SilencePoppler();
  if (bytes.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
    return graph::Fail(ErrorCode::kUnsupported, name + " is too large to read as a PDF");
  }
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!doc) {
    return graph::Fail(ErrorCode::kParse,
                       name + " is not a readable PDF (the file is damaged or truncated)");
  }
  if (doc->is_locked()) {
    return graph::Fail(ErrorCode::kUnsupported,
                       name + " is an encrypted PDF that needs a password; Accord cannot read it");
  }
  const int page_count = doc->pages();
  std::vector<Page> pages;
  pages.reserve(static_cast<size_t>(std::max(0, page_count)));
  size_t characters = 0;
  for (int i = 0; i < page_count; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    Page p;
    if (!page) {
      pages.push_back(std::move(p));
      continue;
    }
    const poppler::rectf box = page->page_rect();
    p.width = box.width();
    p.height = box.height();
    std::vector<Word> words;
    for (const poppler::text_box& tb : page->text_list(poppler::page::text_list_include_font)) {
      Word w;
      w.text = ValidUtf8(Utf8(tb.text()));
      std::erase_if(w.text, [](char c) { return c == '\n' || c == '\r' || c == '\t'; });
      if (w.text.find_first_not_of(' ') == std::string::npos) continue;
      const poppler::rectf b = tb.bbox();
      w.x0 = b.left();
      w.x1 = b.right();
      w.y0 = b.top();
      w.y1 = b.bottom();
      w.size = tb.get_font_size();
      if (!(w.size > 0)) w.size = std::max(1.0, w.y1 - w.y0);
      characters += w.text.size();
      words.push_back(std::move(w));
    }
    p.rows = GroupRows(std::move(words));
    pages.push_back(std::move(p));
  }
  if (page_count <= 0) {
    return graph::Fail(ErrorCode::kParse, name + " is a PDF with no pages");
  }
  if (characters == 0) {
    return graph::Fail(ErrorCode::kUnsupported,
                       name +
                           " has no text layer (a scanned PDF?); Accord does not run OCR, "
                           "so export it with text or run OCR first");
  }
  DropRunningRows(pages);

  std::vector<Line> lines;
  int flow = 0;
  for (size_t i = 0; i < pages.size(); ++i) OrderPage(pages[i], static_cast<int>(i), &flow, &lines);

  // Body size: the size of most characters; larger sizes are heading levels.
  std::map<double, size_t> chars_by_size;
  for (const Line& l : lines) chars_by_size[l.size] += l.text.size();
  double body = 0;
  size_t most = 0;
  for (const auto& [size, count] : chars_by_size)
    if (count > most) most = count, body = size;
  std::vector<double> heading_sizes;
  for (const auto& [size, count] : chars_by_size)
    if (size >= body * 1.15) heading_sizes.push_back(size);
  std::sort(heading_sizes.rbegin(), heading_sizes.rend());
  auto heading_level = [&](double size) -> int {
    for (size_t i = 0; i < heading_sizes.size(); ++i)
      if (heading_sizes[i] == size) return static_cast<int>(std::min<size_t>(i + 1, 6));
    return 0;
  };

  ExtractedText out;
  out.page_starts.assign(pages.size(), 0);
  std::string& text = out.text;
  std::string para;        // the open paragraph
  int para_level = 0;      // its heading level, 0 for body text
  bool para_item = false;  // it is a list item
  bool last_item = false;  // the paragraph flushed last was a list item
  const Line* prev = nullptr;
  int next_page = 0;  // the first page whose start is not yet recorded
  auto flush = [&] {
    if (para.empty()) return;
    if (para_item && last_item && text.ends_with("\n\n")) text.pop_back();  // one list
    text += para;
    text += "\n\n";
    last_item = para_item;
    para.clear();
  };
  auto mark_pages_through = [&](int page) {
    // pages up to `page` start where the next text lands
    while (next_page <= page)
      out.page_starts[static_cast<size_t>(next_page++)] =
          static_cast<uint32_t>(text.size() + para.size());
  };
  for (const Line& l : lines) {
    std::string t = l.text;
    const int level = heading_level(l.size);
    const bool item = TakeBullet(&t) || StartsNumberedItem(t);
    bool join = false;
    if (prev && !para.empty() && !item) {
      const bool same_kind = level == para_level;
      if (prev->flow == l.flow) {
        const double height = std::max(1.0, prev->y1 - prev->y0);
        const double gap = l.y0 - prev->y1;
        join = same_kind && gap >= -0.5 * height && gap < 0.8 * height;
      } else {
        // a column or page break: a paragraph that has not ended a sentence goes on (a list
        // item only into a lower-case line: items rarely end with punctuation)
        join = same_kind && level == 0 && !EndsSentence(para) && (!para_item || StartsLower(t));
      }
    }
    if (!join) {
      flush();
      mark_pages_through(l.page);
      para_level = level;
      para_item = item;
      if (level > 0) para = std::string(static_cast<size_t>(level), '#') + " ";
      para += t;
    } else {
      const size_t n = para.size();
      const bool hyphen =
          n >= 2 && para[n - 1] == '-' && std::isalpha(static_cast<unsigned char>(para[n - 2]));
      if (hyphen && StartsLower(t)) {
        if (UndoHyphen(para, t)) para.pop_back();  // "gover-" + "nance"; "self-" + "regulation"
      } else if (n >= 2 && para[n - 1] == '-' &&
                 std::isalpha(static_cast<unsigned char>(para[n - 2])) && !t.empty() &&
                 std::isupper(static_cast<unsigned char>(t.front()))) {
        // "Euro-" + "Mediterranean": a compound's own hyphen stays, with no space
      } else {
        para.push_back(' ');
      }
      mark_pages_through(l.page);
      para += t;
    }
    prev = &l;
  }
  flush();
  mark_pages_through(static_cast<int>(pages.size()) - 1);
  while (text.ends_with("\n\n")) text.pop_back();
  for (uint32_t& s : out.page_starts) s = std::min<uint32_t>(s, static_cast<uint32_t>(text.size()));

  auto info = [&](const char* key) {
    std::string v = ValidUtf8(Utf8(doc->info_key(key)));
    while (!v.empty() && (v.back() == ' ' || v.back() == '\0')) v.pop_back();
    return v;
  };
  // A Title a word processor filled in by itself ("Microsoft Word - draft.docx") is no title:
  // the first heading of the text serves instead.
  out.title = info("Title");
  {
    std::string lower = out.title;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.starts_with("microsoft word - ") || lower.ends_with(".doc") ||
        lower.ends_with(".docx") || lower.ends_with(".pdf") || lower.ends_with(".indd") ||
        lower == "untitled" || lower == "title")
      out.title.clear();
  }
  if (!out.title.empty()) out.metadata.emplace_back("title", out.title);
  if (std::string a = info("Author"); !a.empty()) out.metadata.emplace_back("author", a);
  if (std::string s = info("Subject"); !s.empty()) out.metadata.emplace_back("subject", s);
  out.metadata.emplace_back("pages", std::to_string(page_count));
  return out;
}

}  // namespace accord::corpus::readers
