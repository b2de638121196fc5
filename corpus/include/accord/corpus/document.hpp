// Reading governance documents from disk: UTF-8 .txt and .md (Markdown front matter becomes
// document metadata). Anything else — binary files, other encodings, invalid UTF-8 — is
// refused with one sentence naming the file and, for invalid bytes, the line. The original
// bytes are kept untouched: every later offset points into LoadedDocument::text.
#pragma once

#include <cstdint>
#include <filesystem>
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
  std::string text;   // the file's bytes, verbatim (a UTF-8 BOM, if any, stays in place)
  uint32_t body_start = 0;  // first byte after the front matter (and BOM)
  std::string title;  // front matter "title", else the first heading or line
  std::vector<std::pair<std::string, std::string>> metadata;  // front matter, in file order
  std::string content_hash;  // ContentHash(text)
};

// Hex digest (64-bit FNV-1a twice with different offsets, 32 hex chars) of `bytes`.
std::string ContentHash(std::string_view bytes);

// True when `path` has an extension we ingest (.txt, .md, .markdown; case-insensitive).
bool IsSupportedExtension(const std::filesystem::path& path);

// Checks that `bytes` is valid UTF-8 and looks like text. On failure the message names `name`
// and the 1-based line of the first bad byte.
graph::Status ValidateText(std::string_view bytes, std::string_view name);

// Parses `bytes` (already read from `path`) into a LoadedDocument.
Result<LoadedDocument> ParseDocument(std::string path, std::string bytes);

// Reads the whole file at `path` (kNotFound when missing, kIo when unreadable or a folder).
Result<std::string> ReadFileBytes(const std::filesystem::path& path);

// Reads and parses the file at `path`; refuses extensions other than .txt, .md, .markdown.
Result<LoadedDocument> LoadDocument(const std::filesystem::path& path);

}  // namespace accord::corpus
