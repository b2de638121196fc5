// TextBuilder and UTF-8 repair shared by the PDF, HTML and DOCX readers.
#include "readers/readers.hpp"

namespace accord::corpus::readers {

void TextBuilder::Inline(std::string_view s) {
  for (char c : s) {
    const bool ws = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    if (ws) {
      space_ = !open_.empty();
      continue;
    }
    if (space_) open_.push_back(' ');
    space_ = false;
    open_.push_back(c);
  }
}

void TextBuilder::BeginBlock(std::string prefix) {
  EndBlock();
  pending_prefix_ = std::move(prefix);
}

void TextBuilder::EndBlock(bool tight) {
  space_ = false;
  if (open_.empty()) return;
  // A non-breaking space at the end of a block is still white space.
  while (open_.size() >= 2 && open_.ends_with("\xC2\xA0")) open_.resize(open_.size() - 2);
  if (!tight && !out_.empty() && !out_.ends_with("\n\n")) out_ += "\n";  // after a list
  out_ += pending_prefix_;
  out_ += open_;
  out_ += tight ? "\n" : "\n\n";
  open_.clear();
  pending_prefix_.clear();
}

void TextBuilder::EndGroup() {
  EndBlock();
  if (!out_.empty() && !out_.ends_with("\n\n")) out_ += "\n";
}

std::string TextBuilder::Take() {
  EndBlock();
  while (out_.ends_with("\n")) out_.pop_back();
  if (!out_.empty()) out_ += "\n";
  return std::move(out_);
}

std::string ValidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = p[i];
    size_t len = c < 0x80                   ? 1
                 : (c >= 0xC2 && c <= 0xDF) ? 2
                 : (c >= 0xE0 && c <= 0xEF) ? 3
                 : (c >= 0xF0 && c <= 0xF4) ? 4
                                            : 0;
    bool ok = len > 0 && i + len <= s.size();
    uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (size_t k = 1; ok && k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if (ok && ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
               (cp >= 0xD800 && cp <= 0xDFFF))) {
      ok = false;
    }
    if (ok && c == 0) ok = false;  // NUL never reaches the store
    if (!ok) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    out.append(s.substr(i, len));
    i += len;
  }
  return out;
}

}  // namespace accord::corpus::readers
