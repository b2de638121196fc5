// Reading governance documents from disk: UTF-8 .txt and .md (Markdown front matter becomes
// document metadata), and PDF, HTML and DOCX through their readers (corpus/src/readers/).
// Anything else — other binary files, other encodings, invalid UTF-8 — is refused with one
// sentence naming the file and, for invalid bytes, the line. For .txt and .md the original
// bytes are kept untouched; for the rich formats the text is the reader's extracted text
// (Markdown-like: "# " headings, "- " items). Either way every later offset points into
// LoadedDocument::text, which is what the store keeps.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>
#include <string>
#include <utility>
#include <vector>

#include "accord/graph/result.hpp"

namespace accord::corpus {

using graph::Error;
using graph::ErrorCode;
using graph::Result;

struct LoadedDocument {
  std::string path;   // absolute, lexically normal
  std::string text;   // .txt/.md: the file's bytes, verbatim (a UTF-8 BOM, if any, stays in
                      // place); PDF, HTML, DOCX: the extracted text
  uint32_t body_start = 0;  // first byte after the front matter (and BOM)
  std::string title;  // front matter "title", else the first heading or line
  std::vector<std::pair<std::string, std::string>> metadata;  // front matter, in file order
  std::string content_hash;  // ContentHash of the file's bytes (for .txt/.md: of `text`)
  // PDF only: page_starts[i] is the byte offset in `text` where page i + 1 begins
  // (non-decreasing; a page with no text starts where the next text lands). Empty otherwise;
  // graph::PageOf maps an offset to its page.
  std::vector<uint32_t> page_starts;
};


// Hex digest (64-bit FNV-1a twice with different offsets, 32 hex chars) of `bytes`.
std::string ContentHash(std::string_view bytes);

// The same digest, of bytes given in pieces.
class ContentHasher {
 public:
  void Update(std::string_view bytes);
  std::string Digest() const;

 private:
  uint64_t a_ = 0xCBF29CE484222325ull, b_ = 0x84222325CBF29CE4ull;
};

// A text file too large to read into memory, read a stretch at a time (pread), so only what is
// being worked on is in memory. Its size is the file's at Open; a file that got shorter since
// gives an error naming it, never a short read (nor the SIGBUS a mapping would give).
class TextFile {
 public:
  static Result<TextFile> Open(const std::filesystem::path& path);
  TextFile() = default;
  TextFile(TextFile&& o) noexcept;
  TextFile& operator=(TextFile&& o) noexcept;
  ~TextFile();
  uint64_t size() const { return size_; }
  // The bytes [offset, offset + n) (clamped to the size), read into `buffer`.
  Result<std::string_view> Read(uint64_t offset, size_t n, std::string& buffer) const;

 private:
  int fd_ = -1;
  uint64_t size_ = 0;
  std::string path_;
};

// A large UTF-8 .txt or .md file parsed as ParseDocument parses its bytes, without holding them:
// checked and hashed 4 MB at a time (the same messages, lines included). The result's `text` is
// empty (the file is the text). Front matter and, when it gives no title, the title are read
// from the first kLargeTextHeadBytes.
inline constexpr size_t kLargeTextHeadBytes = size_t{1} << 20;
Result<LoadedDocument> ParseLargeText(std::string path, const TextFile& file);

// True when `path` has an extension we ingest (.txt, .md, .markdown, .pdf, .html, .htm,
// .docx; case-insensitive).
bool IsSupportedExtension(const std::filesystem::path& path);

// Checks that `bytes` is valid UTF-8 and looks like text. On failure the message names `name`
// and the 1-based line of the first bad byte.
graph::Status ValidateText(std::string_view bytes, std::string_view name);

// Parses `bytes` (already read from `path`) into a LoadedDocument; the extension picks the
// reader (.pdf, .html/.htm, .docx; anything else is read as UTF-8 text).
Result<LoadedDocument> ParseDocument(std::string path, std::string bytes);

// Reads the whole file at `path` (kNotFound when missing, kIo when unreadable or a folder).
Result<std::string> ReadFileBytes(const std::filesystem::path& path);

// Reads and parses the file at `path`; refuses extensions IsSupportedExtension does not know.
Result<LoadedDocument> LoadDocument(const std::filesystem::path& path);

}  // namespace accord::corpus
