// Reading governance documents: sniffing and refusing what is not UTF-8 text (binary formats,
// UTF-16/32, invalid bytes, empty files), Markdown front matter, the title, and the content
// hash. A text file's bytes are never rewritten: every offset computed later points into them.
// PDF, HTML and DOCX go to their readers (readers/), whose extracted text takes their place.
#include "accord/corpus/document.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "readers/readers.hpp"

namespace accord::corpus {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr size_t kMaxTitleBytes = 200;

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n'))
    --e;
  return s.substr(b, e - b);
}

// 1-based line of byte `pos` (LF, CRLF and lone CR each end a line).
int LineOf(std::string_view bytes, size_t pos) {
  int line = 1;
  for (size_t i = 0; i < pos && i < bytes.size(); ++i) {
    if (bytes[i] == '\n') {
      ++line;
    } else if (bytes[i] == '\r' && (i + 1 >= bytes.size() || bytes[i + 1] != '\n')) {
      ++line;
    }
  }
  return line;
}

// One physical line: [begin, end) without its terminator; `next` is the start of the next line.
struct Line {
  size_t begin = 0, end = 0, next = 0;
};

Line NextLine(std::string_view text, size_t pos) {
  Line l;
  l.begin = pos;
  size_t i = pos;
  while (i < text.size() && text[i] != '\n' && text[i] != '\r') ++i;
  l.end = i;
  if (i < text.size() && text[i] == '\r') ++i;
  if (i < text.size() && text[i] == '\n' && (i == l.end || text[i - 1] == '\r')) ++i;
  l.next = i;
  return l;
}

// A known binary format at the start of the file, or nullptr.
const char* BinaryKind(std::string_view b) {
  struct Magic {
    std::string_view bytes;
    const char* kind;
  };
  static constexpr Magic kMagics[] = {
      {"\x89PNG\r\n\x1A\n", "a PNG image"},
      {std::string_view("PK\x03\x04", 4), "a ZIP archive (DOCX, XLSX and ODT files are ZIPs)"},
      {std::string_view("PK\x05\x06", 4), "a ZIP archive"},
      {"\x7F"
       "ELF",
       "an executable (ELF)"},
      {"GIF87a", "a GIF image"},
      {"GIF89a", "a GIF image"},
      {"\xFF\xD8\xFF", "a JPEG image"},
      {"\x1F\x8B", "a gzip archive"},
      {std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8), "an old Microsoft Office file"},
      {"SQLite format 3", "an SQLite database"},
  };
  for (const Magic& m : kMagics) {
    if (StartsWith(b, m.bytes)) return m.kind;
  }
  return nullptr;
}

// Offset of the first invalid UTF-8 byte, or npos. Rejects overlong forms, surrogates and
// code points above U+10FFFF.
size_t FirstInvalidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    // ASCII fast path, eight bytes at a time.
    while (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

// Heuristic for BOM-less UTF-16: many NUL bytes all on the same parity.
bool LooksLikeUtf16(std::string_view b) {
  size_t n = std::min<size_t>(b.size(), 4096);
  if (n < 4) return false;
  size_t even = 0, odd = 0;
  for (size_t i = 0; i < n; ++i) {
    if (b[i] == '\0') (i % 2 ? odd : even)++;
  }
  return (even == 0 && odd >= n / 4) || (odd == 0 && even >= n / 4);
}

// Truncates `s` to at most `max` bytes on a UTF-8 boundary.
std::string TruncateUtf8(std::string_view s, size_t max) {
  if (s.size() <= max) return std::string(s);
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(Trim(s.substr(0, cut)));
}

std::string Unquote(std::string_view v) {
  if (v.size() >= 2 &&
      ((v.front() == '"' && v.back() == '"') || (v.front() == '\'' && v.back() == '\''))) {
    v = v.substr(1, v.size() - 2);
  }
  return std::string(v);
}

bool IsFence(std::string_view line) {
  return Trim(line) == "---";
}

bool HasClosingFence(std::string_view text, size_t from) {
  for (size_t at = from; at < text.size();) {
    Line l = NextLine(text, at);
    std::string_view t = Trim(text.substr(l.begin, l.end - l.begin));
    if (t == "---" || t == "...") return true;
    at = l.next;
  }
  return false;
}

// Parses front matter starting at `pos` (the "---" line). Fills metadata and the body start.
graph::Status ParseFrontMatter(std::string_view text, size_t pos, std::string_view name,
                               LoadedDocument* doc) {
  Line open = NextLine(text, pos);
  size_t at = open.next;
  while (at < text.size()) {
    Line l = NextLine(text, at);
    std::string_view raw = text.substr(l.begin, l.end - l.begin);
    if (IsFence(raw) || Trim(raw) == "...") {
      doc->body_start = static_cast<uint32_t>(l.next);
      return {};
    }
    std::string_view t = Trim(raw);
    at = l.next;
    if (t.empty() || t.front() == '#') continue;
    const bool indented = raw.front() == ' ' || raw.front() == '\t';
    if (indented || StartsWith(t, "- ")) {
      // A YAML list item or continuation: appended to the previous key's value.
      if (doc->metadata.empty()) {
        return graph::Fail(ErrorCode::kParse, std::string(name) + ": front matter line " +
                                                  std::to_string(LineOf(text, l.begin)) +
                                                  " continues a value but no key came before it");
      }
      std::string_view item = StartsWith(t, "- ") ? Trim(t.substr(2)) : t;
      std::string& value = doc->metadata.back().second;
      if (!value.empty()) value += StartsWith(t, "- ") ? ", " : " ";
      value += Unquote(item);
      continue;
    }
    size_t colon = t.find(':');
    std::string_view key =
        colon == std::string_view::npos ? std::string_view{} : Trim(t.substr(0, colon));
    if (colon == std::string_view::npos || key.empty()) {
      if (!HasClosingFence(text, l.next)) break;  // reported below as never closed
      return graph::Fail(ErrorCode::kParse, std::string(name) + ": front matter line " +
                                                std::to_string(LineOf(text, l.begin)) +
                                                " is not a \"key: value\" pair");
    }
    doc->metadata.emplace_back(std::string(key), Unquote(Trim(t.substr(colon + 1))));
  }
  return graph::Fail(ErrorCode::kParse, std::string(name) + ": the front matter opened on line " +
                                            std::to_string(LineOf(text, pos)) +
                                            " is never closed with \"---\"");
}

std::string StripHeadingMarks(std::string_view line) {
  std::string_view t = Trim(line);
  size_t hashes = 0;
  while (hashes < t.size() && t[hashes] == '#') ++hashes;
  if (hashes > 0 && hashes < t.size() && (t[hashes] == ' ' || t[hashes] == '\t')) {
    t = Trim(t.substr(hashes));
    while (!t.empty() && t.back() == '#') t.remove_suffix(1);  // closing ATX marks
    t = Trim(t);
  }
  return std::string(t);
}

std::string FindTitle(std::string_view text, size_t body_start) {
  // The first level-one ATX heading wins; otherwise the first non-empty line.
  std::string first_line;
  for (size_t at = body_start; at < text.size();) {
    Line l = NextLine(text, at);
    std::string_view raw = text.substr(l.begin, l.end - l.begin);
    std::string_view t = Trim(raw);
    if (StartsWith(t, "# ") || StartsWith(t, "#\t")) {
      std::string h = StripHeadingMarks(t);
      if (!h.empty()) return TruncateUtf8(h, kMaxTitleBytes);
    }
    if (first_line.empty() && !t.empty()) first_line = StripHeadingMarks(t);
    if (l.next == at) break;
    at = l.next;
  }
  return TruncateUtf8(first_line, kMaxTitleBytes);
}

enum class Format { kText, kPdf, kHtml, kDocx };

Format FormatOf(const std::filesystem::path& path) {
  const std::string ext = Lower(path.extension().string());
  if (ext == ".pdf") return Format::kPdf;
  if (ext == ".html" || ext == ".htm") return Format::kHtml;
  if (ext == ".docx") return Format::kDocx;
  return Format::kText;
}

// A PDF, HTML or DOCX file through its reader; the title comes from the file's metadata, else
// the first heading or line of the extracted text.
Result<LoadedDocument> ParseRich(std::string path, std::string bytes, Format format) {
  const std::string name = path;
  if (bytes.empty()) return graph::Fail(ErrorCode::kUnsupported, name + " is empty");
  if (bytes.size() > UINT32_MAX) {
    return graph::Fail(ErrorCode::kUnsupported, name + " is larger than 4 GB");
  }
  if (format == Format::kPdf && !StartsWith(bytes, "%PDF")) {
    // Poppler also finds a header a little way in; a text file named .pdf gets a plain answer.
    if (bytes.substr(0, 1024).find("%PDF-") == std::string::npos) {
      return graph::Fail(ErrorCode::kParse, name + " is not a PDF (it does not start with %PDF)");
    }
  }
  if (format == Format::kDocx && !StartsWith(bytes, std::string_view("PK\x03\x04", 4))) {
    return graph::Fail(ErrorCode::kParse,
                       name + " is not a Word document (a .docx file is a ZIP archive)");
  }
  Result<readers::ExtractedText> got =
      format == Format::kPdf    ? readers::ReadPdf(bytes, name)
      : format == Format::kHtml ? readers::ReadHtml(bytes, name)
                                : readers::ReadDocx(bytes, name);
  if (!got) return std::unexpected(got.error());
  if (Trim(got->text).empty()) {  // e.g. a PDF whose only text was page numbers
    return graph::Fail(ErrorCode::kUnsupported, name + " has no readable text");
  }
  if (got->text.size() > UINT32_MAX) {
    return graph::Fail(ErrorCode::kUnsupported, name + " holds more than 4 GB of text");
  }
  LoadedDocument doc;
  std::error_code ec;
  std::filesystem::path abs = std::filesystem::absolute(path, ec);
  doc.path = (ec ? std::filesystem::path(path) : abs).lexically_normal().string();
  doc.content_hash = ContentHash(bytes);
  doc.text = std::move(got->text);
  doc.page_starts = std::move(got->page_starts);
  doc.metadata = std::move(got->metadata);
  doc.title = TruncateUtf8(Trim(got->title), kMaxTitleBytes);
  if (doc.title.empty()) doc.title = FindTitle(doc.text, 0);
  if (doc.title.empty()) doc.title = std::filesystem::path(path).filename().string();
  return doc;
}

}  // namespace

void ContentHasher::Update(std::string_view bytes) {
  // Two independent 64-bit FNV-1a lanes: the standard offset basis and a second one.
  uint64_t a = a_, b = b_;
  for (unsigned char c : bytes) {
    a = (a ^ c) * 0x100000001B3ull;
    b = (b ^ c) * 0x100000001B3ull;
  }
  a_ = a;
  b_ = b;
}

std::string ContentHasher::Digest() const {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(32, '0');
  for (int i = 0; i < 16; ++i) {
    out[i] = kHex[(a_ >> (60 - 4 * i)) & 0xF];
    out[16 + i] = kHex[(b_ >> (60 - 4 * i)) & 0xF];
  }
  return out;
}

std::string ContentHash(std::string_view bytes) {
  ContentHasher h;
  h.Update(bytes);
  return h.Digest();
}

bool IsSupportedExtension(const std::filesystem::path& path) {
  const std::string ext = Lower(path.extension().string());
  return ext == ".txt" || ext == ".md" || ext == ".markdown" || ext == ".pdf" ||
         ext == ".html" || ext == ".htm" || ext == ".docx";
}

namespace {

// The checks that look at a file's first bytes only: PDF, UTF-32, UTF-16, known binary kinds.
graph::Status ValidateTextHead(std::string_view bytes, const std::string& n) {
  if (StartsWith(bytes, "%PDF")) {
    return graph::Fail(ErrorCode::kUnsupported,
                       n + " is a PDF, not text; give it a .pdf name to read it as a PDF");
  }
  if (StartsWith(bytes, std::string_view("\xFF\xFE\0\0", 4)) ||
      StartsWith(bytes, std::string_view("\0\0\xFE\xFF", 4))) {
    return graph::Fail(ErrorCode::kUnsupported, n + " is UTF-32; save it as UTF-8");
  }
  if (StartsWith(bytes, "\xFF\xFE") || StartsWith(bytes, "\xFE\xFF") || LooksLikeUtf16(bytes)) {
    return graph::Fail(ErrorCode::kUnsupported, n + " is UTF-16; save it as UTF-8");
  }
  if (const char* kind = BinaryKind(bytes)) {
    return graph::Fail(ErrorCode::kUnsupported,
                       n + " is " + kind + ", not text; only UTF-8 text is read from a .txt or .md file");
  }
  return {};
}

// The checks of every byte of `chunk` (a stretch of a file cut on a UTF-8 boundary, not between
// a CR and its LF, after `lines_before` line breaks): no NUL, valid UTF-8.
graph::Status ValidateTextBytes(std::string_view chunk, int lines_before, const std::string& n) {
  if (size_t nul = chunk.find('\0'); nul != std::string_view::npos) {
    return graph::Fail(ErrorCode::kUnsupported, n + " is a binary file (a NUL byte on line " +
                                                    std::to_string(lines_before + LineOf(chunk, nul)) +
                                                    "), not text");
  }
  if (size_t bad = FirstInvalidUtf8(chunk); bad != std::string_view::npos) {
    return graph::Fail(ErrorCode::kUnsupported,
                       n + " is not valid UTF-8 (line " +
                           std::to_string(lines_before + LineOf(chunk, bad)) + ")");
  }
  return {};
}

// Fills front matter (Markdown only), body start and title of `doc` from `text`; the title is
// looked for in the first `title_scan` bytes of the body.
graph::Status ParseTextHead(std::string_view text, const std::string& path, LoadedDocument* doc,
                            size_t title_scan) {
  size_t start = StartsWith(text, kUtf8Bom) ? kUtf8Bom.size() : 0;
  doc->body_start = static_cast<uint32_t>(start);
  // Front matter: Markdown only (a .txt file is plain text whatever its first line says).
  const std::string ext = Lower(std::filesystem::path(path).extension().string());
  if (ext != ".txt") {
    Line first = NextLine(text, start);
    if (IsFence(text.substr(first.begin, first.end - first.begin)) &&
        text.substr(first.begin, first.end - first.begin).starts_with("---")) {
      if (auto ok = ParseFrontMatter(text, start, path, doc); !ok) return ok;
    }
  }
  for (const auto& [key, value] : doc->metadata) {
    if (Lower(key) == "title" && !Trim(value).empty()) {
      doc->title = TruncateUtf8(Trim(value), kMaxTitleBytes);
      break;
    }
  }
  if (doc->title.empty()) {
    doc->title = FindTitle(text.substr(0, std::min(text.size(), doc->body_start + title_scan)),
                           doc->body_start);
  }
  if (doc->title.empty()) doc->title = std::filesystem::path(path).filename().string();
  return {};
}

std::string AbsoluteNormal(const std::string& path) {
  std::error_code ec;
  std::filesystem::path abs = std::filesystem::absolute(path, ec);
  return (ec ? std::filesystem::path(path) : abs).lexically_normal().string();
}

}  // namespace

graph::Status ValidateText(std::string_view bytes, std::string_view name) {
  const std::string n(name);
  if (bytes.empty()) return graph::Fail(ErrorCode::kUnsupported, n + " is empty");
  if (auto ok = ValidateTextHead(bytes, n); !ok) return ok;
  if (auto ok = ValidateTextBytes(bytes, 0, n); !ok) return ok;
  std::string_view body = StartsWith(bytes, kUtf8Bom) ? bytes.substr(kUtf8Bom.size()) : bytes;
  if (Trim(body).empty()) return graph::Fail(ErrorCode::kUnsupported, n + " is empty");
  return {};
}

Result<LoadedDocument> ParseDocument(std::string path, std::string bytes) {
  if (const Format f = FormatOf(path); f != Format::kText) {
    return ParseRich(std::move(path), std::move(bytes), f);
  }
  if (auto ok = ValidateText(bytes, path); !ok) return std::unexpected(ok.error());
  if (bytes.size() > UINT32_MAX) {
    return graph::Fail(ErrorCode::kUnsupported, path + " is larger than 4 GB");
  }
  LoadedDocument doc;
  doc.path = AbsoluteNormal(path);
  doc.text = std::move(bytes);
  if (auto ok = ParseTextHead(doc.text, path, &doc, doc.text.size()); !ok)
    return std::unexpected(ok.error());
  doc.content_hash = ContentHash(doc.text);
  return doc;
}

Result<TextFile> TextFile::Open(const std::filesystem::path& path) {
  const std::string name = path.string();
  const int fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT) return graph::Fail(ErrorCode::kNotFound, name + " does not exist");
    return graph::Fail(ErrorCode::kIo, name + " cannot be read (" + std::strerror(err) + ")");
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return graph::Fail(ErrorCode::kIo, name + " is not a regular file");
  }
  TextFile file;
  file.fd_ = fd;
  file.size_ = static_cast<uint64_t>(st.st_size);
  file.path_ = name;
  return file;
}

TextFile::TextFile(TextFile&& o) noexcept
    : fd_(std::exchange(o.fd_, -1)), size_(o.size_), path_(std::move(o.path_)) {}

TextFile& TextFile::operator=(TextFile&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(o.fd_, -1);
    size_ = o.size_;
    path_ = std::move(o.path_);
  }
  return *this;
}

TextFile::~TextFile() {
  if (fd_ >= 0) ::close(fd_);
}

Result<std::string_view> TextFile::Read(uint64_t offset, size_t n, std::string& buffer) const {
  if (offset > size_) offset = size_;
  n = static_cast<size_t>(std::min<uint64_t>(n, size_ - offset));
  buffer.resize(n);
  size_t got = 0;
  while (got < n) {
    const ssize_t r = ::pread(fd_, buffer.data() + got, n - got, static_cast<off_t>(offset + got));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      return graph::Fail(ErrorCode::kIo,
                         path_ + " could not be read (" + std::strerror(errno) + ")");
    }
    if (r == 0) {
      return graph::Fail(ErrorCode::kIo, path_ + " got shorter while it was read; ingest it again");
    }
    got += static_cast<size_t>(r);
  }
  return std::string_view(buffer);
}

Result<LoadedDocument> ParseLargeText(std::string path, const TextFile& file) {
  if (file.size() == 0) return graph::Fail(ErrorCode::kUnsupported, path + " is empty");
  if (file.size() > UINT32_MAX) {
    return graph::Fail(ErrorCode::kUnsupported, path + " is larger than 4 GB");
  }
  std::string head;
  {
    auto got = file.Read(0, kLargeTextHeadBytes, head);
    if (!got) return std::unexpected(got.error());
  }
  if (auto ok = ValidateTextHead(head, path); !ok) return std::unexpected(ok.error());
  // Every byte checked and hashed a chunk at a time; only one chunk is in memory.
  constexpr size_t kChunk = size_t{4} << 20;
  ContentHasher hasher;
  bool blank = true;  // nothing but white space (and the BOM) so far
  const size_t body = StartsWith(head, kUtf8Bom) ? kUtf8Bom.size() : 0;
  int lines_before = 0;
  std::string buffer;
  for (uint64_t at = 0; at < file.size();) {
    auto got = file.Read(at, kChunk + 1, buffer);  // one byte more, to see where to cut
    if (!got) return std::unexpected(got.error());
    const std::string_view view = *got;
    size_t to = view.size();
    if (at + view.size() < file.size() || view.size() > kChunk) {
      to = std::min(view.size() - 1, kChunk);
      // A chunk ends before a character's first byte, and never between a CR and its LF.
      while (to > 1 && ((static_cast<unsigned char>(view[to]) & 0xC0) == 0x80 || view[to - 1] == '\r'))
        --to;
    }
    const std::string_view chunk = view.substr(0, to);
    if (auto ok = ValidateTextBytes(chunk, lines_before, path); !ok)
      return std::unexpected(ok.error());
    hasher.Update(chunk);
    if (blank) blank = Trim(chunk.substr(at < body ? body - at : 0)).empty();
    lines_before += LineOf(chunk, chunk.size()) - 1;
    at += to;
  }
  if (blank) return graph::Fail(ErrorCode::kUnsupported, path + " is empty");
  LoadedDocument doc;
  doc.path = AbsoluteNormal(path);
  if (auto ok = ParseTextHead(head, path, &doc, head.size()); !ok)
    return std::unexpected(ok.error());
  doc.content_hash = hasher.Digest();
  return doc;
}

Result<std::string> ReadFileBytes(const std::filesystem::path& path) {
  const std::string name = path.string();
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return graph::Fail(ErrorCode::kIo, name + " is a folder, not a document");
  }
  std::FILE* f = std::fopen(name.c_str(), "rb");
  if (!f) {
    const int err = errno;
    if (err == ENOENT) return graph::Fail(ErrorCode::kNotFound, name + " does not exist");
    return graph::Fail(ErrorCode::kIo, name + " cannot be read (" + std::strerror(err) + ")");
  }
  // Sized from the file's length up front, so a big file is held once (appending alone grows
  // the string by doubling, with up to twice the file in memory); a file that grows meanwhile
  // is still read to its end.
  std::string bytes;
  if (struct stat st; ::fstat(::fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    bytes.resize(static_cast<size_t>(st.st_size));
    bytes.resize(std::fread(bytes.data(), 1, bytes.size(), f));
  }
  char buf[1 << 16];
  size_t got;
  while (!std::ferror(f) && (got = std::fread(buf, 1, sizeof buf, f)) > 0) bytes.append(buf, got);
  const bool failed = std::ferror(f) != 0;
  const int err = errno;
  std::fclose(f);
  if (failed) {
    return graph::Fail(ErrorCode::kIo, name + " could not be read (" + std::strerror(err) + ")");
  }
  return bytes;
}

Result<LoadedDocument> LoadDocument(const std::filesystem::path& path) {
  const std::string name = path.string();
  auto read = ReadFileBytes(path);
  if (!read) return std::unexpected(read.error());
  std::string bytes = std::move(*read);
  if (FormatOf(path) == Format::kText) {
    if (auto ok = ValidateText(bytes, name); !ok) return std::unexpected(ok.error());
  }
  if (!IsSupportedExtension(path)) {
    return graph::Fail(ErrorCode::kUnsupported,
                       name + " has an unsupported file type; Accord reads UTF-8 .txt and .md "
                              "files, PDF, HTML and DOCX");
  }
  return ParseDocument(name, std::move(bytes));
}

}  // namespace accord::corpus
