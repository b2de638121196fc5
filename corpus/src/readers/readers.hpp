// Readers for the rich formats (PDF, HTML, DOCX), private to accord_corpus. Each turns the
// file's bytes into plain UTF-8 text laid out the way the extractor reads Markdown: blocks
// separated by a blank line, headings as "# " lines, list items as "- " or "N. " lines. The
// extracted text is what the store keeps, so every later offset points into it. Failures are
// one sentence naming the file.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "accord/graph/result.hpp"

namespace accord::corpus::readers {

struct ExtractedText {
  std::string text;                   // valid UTF-8, blocks separated by "\n\n"
  std::vector<uint32_t> page_starts;  // PDF only: byte offset in `text` where page i+1 begins
  std::string title;                  // from the file's own metadata; empty when it has none
  std::vector<std::pair<std::string, std::string>> metadata;  // in a fixed order
};

// `name` is the file name used in messages.
graph::Result<ExtractedText> ReadPdf(std::string_view bytes, const std::string& name);
graph::Result<ExtractedText> ReadHtml(std::string_view bytes, const std::string& name);
graph::Result<ExtractedText> ReadDocx(std::string_view bytes, const std::string& name);

// Builds the text block by block: collapses runs of white space inside a block to one space
// and keeps at most one blank line between blocks.
class TextBuilder {
 public:
  // Appends inline text to the open block (white space collapsed; none at its start).
  void Inline(std::string_view s);
  // Closes the open block, if it holds anything, with "\n\n" (or "\n" when `tight`, for the
  // items of one list and the rows of one table).
  void EndBlock(bool tight = false);
  // Opens a block that starts with `prefix` (e.g. "## ", "- ", "3. "); the prefix is written
  // only once text follows.
  void BeginBlock(std::string prefix);
  // Closes the open block and ends a run of tight blocks (a list, a table) with a blank line.
  void EndGroup();
  bool BlockEmpty() const { return open_.empty(); }
  size_t size() const { return out_.size() + pending_prefix_.size() + open_.size(); }
  std::string Take();

 private:
  std::string out_;
  std::string open_;
  std::string pending_prefix_;
  bool space_ = false;
};

// Replaces invalid UTF-8 bytes with U+FFFD so the stored text is always valid.
std::string ValidUtf8(std::string_view s);

}  // namespace accord::corpus::readers
