// Small pure pieces the ImGui panels are built from, public so the headless tests can check
// them without drawing: highlighted-text splitting and wrapping (inspector mentions, document
// reader, search snippets), default output paths that never clobber a file, and an opt-in
// record of named item rectangles so a test can click a panel row by name.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace accord::explorer {

// ---- highlighted text ------------------------------------------------------------------------

// A piece of a string: [begin, end) byte offsets into it; highlighted or not.
struct TextPiece {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool highlight = false;
  friend bool operator==(const TextPiece&, const TextPiece&) = default;
};

// Splits `sentence` (which starts at document byte offset `sentence_start`) around the
// document span [start, end): up to three pieces, the middle one highlighted. The span is
// clamped to the sentence; an empty or outside span gives one plain piece. Offsets of the
// pieces are relative to the sentence. Never splits inside a UTF-8 sequence (offsets are
// moved back to a code point boundary).
std::vector<TextPiece> SplitAtSpan(std::string_view sentence, uint32_t sentence_start,
                                   uint32_t start, uint32_t end);

// A search snippet "text with the [match] in brackets" -> the text without the brackets and
// the pieces (bracketed parts highlighted).
struct Snippet {
  std::string text;
  std::vector<TextPiece> pieces;
};
Snippet ParseSnippet(std::string_view snippet);

// Where a mention or piece of evidence is: its document title, with ", p. N" when the reader
// knew pages (PDF; page 0 = unknown).
std::string SourceLine(std::string_view document_title, uint32_t page);

// A coloured, optionally clickable span of a text (document offsets, half-open).
struct RichSpan {
  uint32_t start = 0;
  uint32_t end = 0;
  uint32_t color = 0;     // IM_COL32 (0xAABBGGRR)
  int64_t entity = 0;     // 0: not clickable
};

// One drawn run of a wrapped line: text [begin, end) (offsets into the laid-out text) and the
// index of its span in the normalised span list, or -1.
struct RichRun {
  uint32_t begin = 0;
  uint32_t end = 0;
  int span = -1;
};
struct RichLine {
  std::vector<RichRun> runs;
  uint32_t begin = 0;  // text offset of the line's first byte (for scroll-to-offset)
  uint32_t end = 0;
};
struct RichLayout {
  std::vector<RichSpan> spans;   // the input spans, sorted and without overlaps (the earlier,
                                 // then longer span wins), relative to the text
  std::vector<RichLine> lines;
  // The line that holds text offset `offset` (the last line for offsets past the end).
  size_t LineOf(uint32_t offset) const;
};

// Lays out `text` (which starts at document offset `base`; spans are in document offsets) in
// lines no wider than `wrap_width` as measured by `measure` (pixel width of a piece of text),
// breaking after spaces and at '\n'; a word wider than the line gets a line of its own.
// O(text length) measure calls on words.
RichLayout LayoutRichText(std::string_view text, uint32_t base, std::vector<RichSpan> spans,
                          float wrap_width,
                          const std::function<float(std::string_view)>& measure);

// ---- output paths ----------------------------------------------------------------------------

// `wanted` when no file is there, else "<stem>-2<ext>", "<stem>-3<ext>", ... the first free one.
std::filesystem::path UniquePath(const std::filesystem::path& wanted);
// $HOME (or the current directory without HOME) / "accord-export.json", made unique.
std::filesystem::path DefaultExportPath();
// $HOME (or the current directory) / "accord-view.png", made unique.
std::filesystem::path DefaultPicturePath();
// $HOME (or the current directory) / "accord-briefing.html", made unique.
std::filesystem::path DefaultBriefingPath();
// $HOME (or the current directory) / "accord-view.svg", made unique.
std::filesystem::path DefaultSvgPath();

// ---- named item rectangles (tests) -------------------------------------------------------------

// When on, panels record the screen rectangle of their named rows and buttons each frame
// (cleared at the start of DrawUi); tests then move the synthetic mouse there. Off by default:
// no cost in the real window.
struct ItemRect {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  float CenterX() const { return (x0 + x1) * 0.5f; }
  float CenterY() const { return (y0 + y1) * 0.5f; }
};
void SetItemRecording(bool on);
bool ItemRecording();
void ClearRecordedItems();
// Records the last ImGui item under `name` (no-op when recording is off). Call after the item.
void RecordItem(std::string_view name);
std::optional<ItemRect> FindRecordedItem(std::string_view name);
// Every recorded name starting with `prefix`, in recording order.
std::vector<std::string> RecordedItems(std::string_view prefix);

}  // namespace accord::explorer
