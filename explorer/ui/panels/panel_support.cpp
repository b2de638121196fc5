// The pure helpers behind the panels (accord/explorer/panel_support.hpp): highlight splitting,
// snippet parsing, rich-text wrapping, collision-free default paths and the test-only record of
// named item rectangles.
#include "accord/explorer/panel_support.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdlib>
#include <system_error>
#include <utility>

namespace accord::explorer {

namespace {

// Moves `offset` back to the first byte of the UTF-8 sequence it points into.
uint32_t CodePointBoundary(std::string_view text, uint32_t offset) {
  if (offset >= text.size()) return static_cast<uint32_t>(text.size());
  while (offset > 0 && (static_cast<unsigned char>(text[offset]) & 0xC0) == 0x80) --offset;
  return offset;
}

}  // namespace

std::vector<TextPiece> SplitAtSpan(std::string_view sentence, uint32_t sentence_start,
                                   uint32_t start, uint32_t end) {
  const auto size = static_cast<uint32_t>(sentence.size());
  std::vector<TextPiece> pieces;
  const uint32_t s = start > sentence_start ? start - sentence_start : 0;
  const uint32_t e = end > sentence_start ? end - sentence_start : 0;
  uint32_t b0 = CodePointBoundary(sentence, std::min(s, size));
  uint32_t b1 = CodePointBoundary(sentence, std::min(e, size));
  if (b1 <= b0) {
    if (size > 0) pieces.push_back({0, size, false});
    return pieces;
  }
  if (b0 > 0) pieces.push_back({0, b0, false});
  pieces.push_back({b0, b1, true});
  if (b1 < size) pieces.push_back({b1, size, false});
  return pieces;
}

Snippet ParseSnippet(std::string_view snippet) {
  Snippet out;
  out.text.reserve(snippet.size());
  bool in_match = false;
  uint32_t piece_start = 0;
  auto close_piece = [&](bool highlight) {
    const auto here = static_cast<uint32_t>(out.text.size());
    if (here > piece_start) out.pieces.push_back({piece_start, here, highlight});
    piece_start = here;
  };
  for (char c : snippet) {
    if (c == '[' && !in_match) {
      close_piece(false);
      in_match = true;
    } else if (c == ']' && in_match) {
      close_piece(true);
      in_match = false;
    } else {
      out.text.push_back(c);
    }
  }
  close_piece(in_match);
  return out;
}

size_t RichLayout::LineOf(uint32_t offset) const {
  if (lines.empty()) return 0;
  auto it = std::upper_bound(lines.begin(), lines.end(), offset,
                             [](uint32_t value, const RichLine& line) { return value < line.begin; });
  if (it == lines.begin()) return 0;
  return static_cast<size_t>(it - lines.begin()) - 1;
}

RichLayout LayoutRichText(std::string_view text, uint32_t base, std::vector<RichSpan> spans,
                          float wrap_width,
                          const std::function<float(std::string_view)>& measure) {
  RichLayout layout;
  const auto size = static_cast<uint32_t>(text.size());
  // Normalise the spans: relative to the text, clamped, sorted, without overlaps.
  for (auto& span : spans) {
    span.start = span.start > base ? span.start - base : 0;
    span.end = span.end > base ? span.end - base : 0;
    span.start = CodePointBoundary(text, std::min(span.start, size));
    span.end = CodePointBoundary(text, std::min(span.end, size));
  }
  std::sort(spans.begin(), spans.end(), [](const RichSpan& a, const RichSpan& b) {
    if (a.start != b.start) return a.start < b.start;
    return a.end > b.end;
  });
  uint32_t covered = 0;
  for (const auto& span : spans) {
    if (span.end <= span.start || span.start < covered) continue;
    layout.spans.push_back(span);
    covered = span.end;
  }

  // Greedy word wrap. A "word" is a maximal run of non-space bytes plus the spaces after it,
  // further cut at span boundaries so each run has one colour.
  RichLine line;
  line.begin = 0;
  float x = 0;
  size_t next_span = 0;  // first span that ends after the current position
  auto span_at = [&](uint32_t offset) -> int {
    while (next_span < layout.spans.size() && layout.spans[next_span].end <= offset) ++next_span;
    if (next_span < layout.spans.size() && layout.spans[next_span].start <= offset)
      return static_cast<int>(next_span);
    return -1;
  };
  auto next_boundary = [&](uint32_t offset) -> uint32_t {
    // The next span start or end strictly after `offset`.
    uint32_t best = size;
    for (size_t k = next_span; k < layout.spans.size(); ++k) {
      const auto& span = layout.spans[k];
      if (span.start > offset) { best = std::min(best, span.start); break; }
      if (span.end > offset) { best = std::min(best, span.end); break; }
    }
    return best;
  };
  auto add_run = [&](uint32_t b, uint32_t e, int span) {
    if (e <= b) return;
    if (!line.runs.empty() && line.runs.back().end == b && line.runs.back().span == span) {
      line.runs.back().end = e;
    } else {
      line.runs.push_back({b, e, span});
    }
    line.end = e;
  };
  auto finish_line = [&](uint32_t next_begin) {
    layout.lines.push_back(std::move(line));
    line = RichLine{};
    line.begin = next_begin;
    line.end = next_begin;
    x = 0;
  };

  uint32_t pos = 0;
  while (pos < size) {
    if (text[pos] == '\n') {
      line.end = pos;
      finish_line(pos + 1);
      ++pos;
      continue;
    }
    // The word: non-spaces then spaces (no newline), at most to the next '\n'.
    uint32_t word_end = pos;
    while (word_end < size && text[word_end] != ' ' && text[word_end] != '\n') ++word_end;
    const uint32_t ink_end = word_end;
    while (word_end < size && text[word_end] == ' ') ++word_end;
    const float ink_width = measure(text.substr(pos, ink_end - pos));
    if (x > 0 && x + ink_width > wrap_width) finish_line(pos);
    // Emit the word in runs cut at span boundaries.
    uint32_t b = pos;
    while (b < word_end) {
      const int span = span_at(b);
      uint32_t e = std::min(word_end, next_boundary(b));
      if (e <= b) e = word_end;
      add_run(b, e, span);
      b = e;
    }
    x += measure(text.substr(pos, word_end - pos));
    pos = word_end;
  }
  line.end = std::max(line.end, line.begin);
  layout.lines.push_back(std::move(line));
  return layout;
}

std::filesystem::path UniquePath(const std::filesystem::path& wanted) {
  std::error_code ec;
  if (!std::filesystem::exists(wanted, ec)) return wanted;
  const auto parent = wanted.parent_path();
  const auto stem = wanted.stem().string();
  const auto ext = wanted.extension().string();
  for (int n = 2; n < 100000; ++n) {
    auto candidate = parent / (stem + "-" + std::to_string(n) + ext);
    if (!std::filesystem::exists(candidate, ec)) return candidate;
  }
  return wanted;  // unreachable in practice; the dialogs still ask before overwriting
}

namespace {
std::filesystem::path HomeDir() {
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') return home;
  std::error_code ec;
  auto cwd = std::filesystem::current_path(ec);
  return ec ? std::filesystem::path(".") : cwd;
}
}  // namespace

std::filesystem::path DefaultExportPath() { return UniquePath(HomeDir() / "accord-export.json"); }
std::filesystem::path DefaultPicturePath() { return UniquePath(HomeDir() / "accord-view.png"); }
std::filesystem::path DefaultBriefingPath() {
  return UniquePath(HomeDir() / "accord-briefing.html");
}
std::filesystem::path DefaultSvgPath() { return UniquePath(HomeDir() / "accord-view.svg"); }

// ---- recorded item rectangles -----------------------------------------------------------------

namespace {
struct Recorded {
  bool on = false;
  std::vector<std::pair<std::string, ItemRect>> items;
};
Recorded& Items() {
  static Recorded recorded;
  return recorded;
}
}  // namespace

void SetItemRecording(bool on) { Items().on = on; }
bool ItemRecording() { return Items().on; }
void ClearRecordedItems() { Items().items.clear(); }

void RecordItem(std::string_view name) {
  auto& recorded = Items();
  if (!recorded.on) return;
  const ImVec2 min = ImGui::GetItemRectMin();
  const ImVec2 max = ImGui::GetItemRectMax();
  recorded.items.emplace_back(std::string(name), ItemRect{min.x, min.y, max.x, max.y});
}

std::optional<ItemRect> FindRecordedItem(std::string_view name) {
  for (const auto& [item_name, rect] : Items().items)
    if (item_name == name) return rect;
  return std::nullopt;
}

std::vector<std::string> RecordedItems(std::string_view prefix) {
  std::vector<std::string> names;
  for (const auto& item : Items().items)
    if (std::string_view(item.first).starts_with(prefix)) names.push_back(item.first);
  return names;
}

std::string SourceLine(std::string_view document_title, uint32_t page) {
  std::string out(document_title);
  if (page != 0) out += ", p. " + std::to_string(page);
  return out;
}

}  // namespace accord::explorer
