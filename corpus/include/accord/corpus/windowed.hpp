// Windowed extraction of large documents: a document whose text is longer than a threshold is
// cut into windows (at paragraph breaks, else line breaks, else sentence ends, else between
// words, always on a UTF-8 boundary), each window goes through the ordinary Extract on its own,
// and the windows' results are merged into one graph::DocumentRec with offsets into the whole
// text (ExtractWindowed), or handed to the store one window at a time (WindowedParts, for
// Store::IngestDocumentInParts: then memory is one window's working set of the extractor,
// whatever the document's size); progress and cancellation come between windows.
//
// Limitation (the price of the bound): a window is extracted without the text before it. Each
// window starts with a short context instead: the names of the 64 named entities mentioned
// most recently before it, one per line (what is found in the context is dropped from the
// result), so that "the Plan", a list's owner or a short form resolves to an entity named in
// an earlier window, as it would in one whole-document extraction. Entities named in several
// windows are merged by (normalised name, type), else by normalised name as the extractor
// merges them, and their aliases united. What is still lost across a cut: an entity named
// earlier but not among the 64 most recently mentioned; an acronym defined in an earlier window
// for an entity not carried; a sentence or a list that straddles the cut (cuts prefer paragraph
// breaks, so this happens only in text without them); and a name whose canonical form the
// whole-document extractor would have revised later. Below the threshold nothing changes: the
// result is exactly Extract's.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "accord/corpus/document.hpp"
#include "accord/corpus/rules.hpp"
#include "accord/graph/records.hpp"
#include "accord/graph/result.hpp"
#include "accord/graph/store.hpp"

namespace accord::corpus {

// Documents whose body (text after the front matter) holds more bytes than this are extracted
// a window at a time; each window holds about this many bytes.
inline constexpr size_t kWindowBytes = size_t{4} << 20;

// Called after each window with the bytes of the document's text done so far and its total;
// returning false cancels the extraction before the next window.
using WindowProgressFn = std::function<bool(size_t done, size_t total)>;

// The byte ranges [start, end) of the windows of `text`'s body [body_start, text.size()),
// each at most `window_bytes` long (a window with no cut point in its last half is cut between
// words, or on a UTF-8 boundary in a 'word' longer than half a window). One range when the body
// fits. The ranges are contiguous and cover the body. O(text size).
std::vector<graph::Span> WindowsOf(std::string_view text, size_t body_start, size_t window_bytes);

// Extracts `doc` (taken by value: its text moves into the result, never copied when windowed).
// At most `window_bytes` of body: exactly Extract(doc, rules). Larger: window by window, merged;
// `on_window` (may be empty) hears after each window of a windowed document. Fails only with
// kCancelled.
graph::Result<graph::DocumentRec> ExtractWindowed(LoadedDocument doc, const Rules& rules,
                                                  size_t window_bytes = kWindowBytes,
                                                  const WindowProgressFn& on_window = {});

// The same extraction, a window at a time, as parts for graph::Store::IngestDocumentInParts:
// for a document too large to hold extracted whole (nor, through a TextFile, read whole).
// `head` is the parsed document without its text (ParseLargeText); `read(offset, n)` gives the
// text's bytes [offset, offset + n) (a view valid until the next call), `size` its length. Each
// window is read and extracted when the store asks for the next part; `on_window` hears
// progress after each window, and false from it ends the parts with kCancelled. The parts hold
// what ExtractWindowed's record holds, window by window. The text handed to the store is hashed
// as it goes: when it is not what `head.content_hash` says (the file changed while it was
// ingested) the last piece is an error, and nothing is stored.
class WindowedParts final : public graph::DocumentParts {
 public:
  using ReadFn = std::function<graph::Result<std::string_view>(uint64_t offset, size_t n)>;
  WindowedParts(const LoadedDocument& head, ReadFn read, uint64_t size, const Rules& rules,
                size_t window_bytes = kWindowBytes, WindowProgressFn on_window = {});
  // The same over a text in memory.
  WindowedParts(const LoadedDocument& head, std::string_view text, const Rules& rules,
                size_t window_bytes = kWindowBytes, WindowProgressFn on_window = {});
  ~WindowedParts() override;
  graph::Result<bool> Next(graph::DocumentPart& part) override;
  const std::vector<graph::EntityRec>& Entities() const override;
  graph::Result<std::string_view> TextPiece(uint64_t offset, size_t n) override;

 private:
  struct State;
  ReadFn read_;
  uint64_t size_;
  const Rules& rules_;
  size_t window_bytes_;
  WindowProgressFn on_window_;
  uint64_t next_;            // where the next window starts
  std::string path_;
  std::string content_hash_;
  std::unique_ptr<State> state_;
};

}  // namespace accord::corpus
