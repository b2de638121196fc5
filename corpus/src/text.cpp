// Tokenizer and sentence splitter over the original UTF-8 bytes. Tokens and sentences keep byte
// spans into the untouched text; the normalised forms (ASCII quotes and dashes, lower case) are
// stored beside them for matching.
#include "accord/corpus/text.hpp"

#include <algorithm>
#include <cstring>

#include "text_util.hpp"

namespace accord::corpus {
namespace {

bool IsAsciiDigit(unsigned char c) { return c >= '0' && c <= '9'; }

// Space-like code points (ASCII blanks, NBSP, the U+2000 block spaces, ideographic space).
bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
         c == 0xA0 || (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F ||
         c == 0x3000 || c == 0xFEFF;
}

bool IsPunctCp(char32_t c) {
  if (c < 0x80) return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
  // General punctuation, quotes, dashes, bullets, ellipsis, CJK punctuation, symbols.
  return (c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205E) || c == 0xAB || c == 0xBB ||
         c == 0xA7 || c == 0xB6 || c == 0xB7 || c == 0xA9 || c == 0xAE || c == 0xB0 ||
         (c >= 0x3000 && c <= 0x303F) || (c >= 0x2190 && c <= 0x2BFF) || (c >= 0xFF01 && c <= 0xFF0F);
}

bool IsLetterCp(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return !IsSpace(c) && !IsPunctCp(c);
}

bool IsUpperCp(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  // Latin-1 and Latin Extended-A upper case letters (enough for names such as Álvaro, Łódź).
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return true;
  if (c >= 0x100 && c <= 0x17F) return (c % 2) == 0;
  if (c >= 0x391 && c <= 0x3A9) return true;  // Greek
  if (c >= 0x410 && c <= 0x42F) return true;  // Cyrillic
  return false;
}

bool IsLowerCp(char32_t c) { return IsLetterCp(c) && !IsUpperCp(c); }

bool IsHyphenCp(char32_t c) { return c == '-' || c == 0x2010 || c == 0x2011; }
bool IsApostropheCp(char32_t c) { return c == '\'' || c == 0x2019; }

struct ByteInfo {
  uint8_t bits[256];
  constexpr ByteInfo() : bits() {
    for (int c = 0; c < 256; ++c) bits[c] = static_cast<uint8_t>((c >= 0x80 ? 1 : 0) | (c >= 'A' && c <= 'Z' ? 2 : 0));
  }
};
constexpr ByteInfo kByteInfo;

struct Cursor {
  std::string_view text;
  uint32_t end;
  char32_t At(uint32_t pos, uint32_t* len) const {
    if (pos >= end) {
      *len = 0;
      return 0;
    }
    return DecodeUtf8(text, pos, len);
  }
};

}  // namespace

TokenList Tokenize(std::string_view text, Span range) {
  TokenList list;
  std::vector<Token>& out = list.tokens_;
  // Folded forms are gathered in `pending` (which may reallocate) and copied once into the
  // list's arena at the end, when the tokens' views are pointed at it.
  struct Fold {
    uint32_t token, norm_off, lower_off;  // kNoFold: the view stays where it is
  };
  constexpr uint32_t kNoFold = 0xFFFFFFFFu;
  std::string pending;
  std::vector<Fold> folds;
  out.reserve((range.end > range.start ? range.end - range.start : 0) / 5 + 16);
  Cursor cur{text, std::min<uint32_t>(range.end, static_cast<uint32_t>(text.size()))};
  uint32_t pos = range.start;
  bool line_start = true;
  bool in_quote = false;
  while (pos < cur.end) {
    // ASCII blanks and line ends, most of the gaps: no decoding
    const auto b0 = static_cast<unsigned char>(text[pos]);
    if (b0 == ' ') {
      ++pos;
      continue;
    }
    if (b0 == '\n' || b0 == '\r') {
      line_start = true;
      ++pos;
      continue;
    }
    uint32_t len = 0;
    char32_t c = cur.At(pos, &len);
    if (len == 0) break;
    if (IsSpace(c)) {
      if (c == '\n' || c == '\r') line_start = true;
      pos += len;
      continue;
    }
    Token tok;
    int info = -1;
    uint32_t start = pos;
    uint32_t flags = 0;
    if (IsLetterCp(c)) {
      // Dotted initialism: ([A-Za-z]\.){2,}
      uint32_t p = pos;
      int letters = 0;
      while (true) {
        uint32_t l1 = 0, l2 = 0;
        char32_t a = cur.At(p, &l1);
        if (l1 == 0 || a >= 0x80 || !IsLetterCp(a)) break;
        char32_t dot = cur.At(p + l1, &l2);
        if (dot != '.') break;
        // the letter must not continue a longer word
        ++letters;
        p += l1 + l2;
        uint32_t l3 = 0;
        char32_t next = cur.At(p, &l3);
        if (!(next < 0x80 && IsLetterCp(next))) break;
        uint32_t l4 = 0;
        char32_t after = cur.At(p + l3, &l4);
        if (after != '.') break;
      }
      if (letters >= 2) {
        flags = kWord | kInitialism;
        uint32_t l = 0;
        if (IsUpperCp(cur.At(start, &l))) flags |= kCap | kAllCaps;
        pos = p;
      } else {
        flags = kWord;
        bool all_upper = true;
        int letter_count = 0;
        unsigned word_info = 0;  // kByteInfo bits of the word's bytes, gathered on the way
        while (pos < cur.end) {
          // ASCII letters and digits, the bulk of every word: no decoding
          const auto ch = static_cast<unsigned char>(text[pos]);
          if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) {
            ++letter_count;
            if (ch >= 'a') all_upper = false;
            else word_info |= 2;
            ++pos;
            continue;
          }
          if (IsAsciiDigit(ch)) {
            ++pos;
            continue;
          }
          uint32_t l = 0;
          char32_t d = cur.At(pos, &l);
          if (IsLetterCp(d) || (d < 0x80 && IsAsciiDigit(static_cast<unsigned char>(d)))) {
            if (IsLetterCp(d)) {
              ++letter_count;
              if (!IsUpperCp(d)) all_upper = false;
            }
            if (d >= 0x80) word_info |= 1;
            pos += l;
            continue;
          }
          uint32_t l2 = 0;
          char32_t n = cur.At(pos + l, &l2);
          if (IsHyphenCp(d) && l2 && (IsLetterCp(n) || (n < 0x80 && IsAsciiDigit(static_cast<unsigned char>(n))))) {
            flags |= kHyphenated;
            if (d >= 0x80) word_info |= 1;
            pos += l;
            continue;
          }
          // "OECD.AI", "G7.ai": a dot between letters with no space inside a name
          if (d == '.' && l2 && n < 0x80 && IsLetterCp(n) && pos > start && IsLetterCp(cur.At(pos - 1, &l)) ) {
            uint32_t l3 = 0;
            char32_t after = cur.At(pos + l + l2, &l3);
            if (after != '.' && (IsLetterCp(after) || IsSpace(after) || l3 == 0)) {
              pos += l;
              continue;
            }
          }
          if (IsApostropheCp(d) && l2 && IsLetterCp(n)) {
            // possessive 's / ’s ends the word: split it off as its own token
            uint32_t l3 = 0;
            char32_t after = cur.At(pos + l + l2, &l3);
            if ((n == 's' || n == 'S') && !IsLetterCp(after)) break;
            if (d >= 0x80) word_info |= 1;
            pos += l;
            continue;
          }
          break;
        }
        uint32_t l = 0;
        if (IsUpperCp(cur.At(start, &l))) flags |= kCap;
        if (all_upper && letter_count >= 2) flags |= kAllCaps;
        info = static_cast<int>(word_info);
      }
    } else if (c < 0x80 && IsAsciiDigit(static_cast<unsigned char>(c))) {
      flags = kNumber;
      while (pos < cur.end) {
        unsigned char d = static_cast<unsigned char>(text[pos]);
        if (IsAsciiDigit(d)) {
          ++pos;
          continue;
        }
        if ((d == ',' || d == '.' || d == '/') && pos + 1 < cur.end &&
            IsAsciiDigit(static_cast<unsigned char>(text[pos + 1]))) {
          ++pos;
          continue;
        }
        break;
      }
      // ordinal or unit suffix glued to the number ("13th", "5G")
      while (pos < cur.end && ((text[pos] >= 'a' && text[pos] <= 'z') || (text[pos] >= 'A' && text[pos] <= 'Z'))) {
        ++pos;
        flags |= kWord;
      }
    } else if (IsApostropheCp(c) && !out.empty() && out.back().span.end == pos) {
      // split-off possessive
      uint32_t l2 = 0;
      char32_t n = cur.At(pos + len, &l2);
      if ((n == 's' || n == 'S')) {
        uint32_t l3 = 0;
        char32_t after = cur.At(pos + len + l2, &l3);
        if (!IsLetterCp(after)) {
          flags = kPossessive | kWord;
          pos += len + l2;
        }
      }
      if (!flags) {
        flags = kPunct;
        pos += len;
      }
    } else {
      flags = kPunct;
      pos += len;
      if (c == 0x201C || c == 0x2018 || c == 0xAB) {
        flags |= kOpenQuote;
      } else if (c == 0x201D || c == 0xBB) {
        flags |= kCloseQuote;
      } else if (c == '"') {
        // straight quote: opening when the previous token is not adjacent or we are outside
        flags |= in_quote ? kCloseQuote : kOpenQuote;
        in_quote = !in_quote;
      }
      if (c == 0x2019 && in_quote) flags |= kCloseQuote;
    }
    if (flags & kOpenQuote && c != '"') in_quote = true;
    if (flags & kCloseQuote && c != '"') in_quote = false;
    if (line_start) flags |= kLineStart;
    line_start = false;
    tok.span = Span{start, pos};
    tok.flags = flags;
    std::string_view raw = text.substr(start, pos - start);
    // 1: a byte >= 0x80, 2: an ASCII capital (words gather it as they are read)
    if (info < 0) {
      info = 0;
      for (char ch : raw) info |= kByteInfo.bits[static_cast<unsigned char>(ch)];
    }
    const bool ascii = (info & 1) == 0;
    bool upper = (info & 2) != 0;
    Fold fold{static_cast<uint32_t>(out.size()), kNoFold, kNoFold};
    std::string_view norm = raw;
    if (!ascii) {
      std::string folded = FoldPunctuation(raw);
      if (folded != raw) {
        fold.norm_off = static_cast<uint32_t>(pending.size());
        pending += folded;
        norm = std::string_view(pending).substr(fold.norm_off);
        upper = std::any_of(folded.begin(), folded.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
      }
    }
    tok.size = static_cast<uint32_t>(norm.size());
    tok.norm_ = raw.data();
    tok.lower_ = raw.data();
    if (upper) {
      fold.lower_off = static_cast<uint32_t>(pending.size());
      std::string lowered = AsciiLower(norm);  // `norm` may view `pending`: copy before appending
      pending += lowered;
    } else if (fold.norm_off != kNoFold) {
      fold.lower_off = fold.norm_off;
    }
    if (fold.norm_off != kNoFold || fold.lower_off != kNoFold) folds.push_back(fold);
    out.push_back(tok);
  }
  list.arena_.assign(pending.begin(), pending.end());
  for (const Fold& f : folds) {
    Token& t = out[f.token];
    if (f.norm_off != kNoFold) t.norm_ = list.arena_.data() + f.norm_off;
    if (f.lower_off != kNoFold) t.lower_ = list.arena_.data() + f.lower_off;
  }
  return list;
}

namespace {

bool StartsUpperOrDigit(std::string_view text, const Token& t) {
  if (t.Is(kNumber) || t.Is(kOpenQuote)) return true;
  uint32_t len = 0;
  char32_t c = DecodeUtf8(text, t.span.start, &len);
  return IsUpperCp(c);
}

bool StartsLower(std::string_view text, const Token& t) {
  uint32_t len = 0;
  char32_t c = DecodeUtf8(text, t.span.start, &len);
  return IsLowerCp(c);
}

// Number of newlines between two byte offsets (stops counting at 2).
int NewlinesBetween(std::string_view text, uint32_t a, uint32_t b) {
  int n = 0;
  for (uint32_t i = a; i < b && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++n;
    } else if (text[i] == '\r') {
      if (!(i + 1 < b && text[i + 1] == '\n')) ++n;
    }
    if (n >= 2) break;
  }
  return n;
}

bool IsListMarker(const TokenList& toks, size_t i) {
  const Token& t = toks[i];
  if (!t.Is(kLineStart)) return false;
  if (t.Is(kPunct) && (t.norm() == "-" || t.norm() == "*" || t.norm() == "+" || t.norm() == "#" ||
                       t.norm() == "\xE2\x80\xA2" || t.norm() == ">" || t.norm() == "|"))
    return true;
  if (t.Is(kNumber) && i + 1 < toks.size() &&
      (toks[i + 1].norm() == "." || toks[i + 1].norm() == ")") && toks[i + 1].span.start == t.span.end)
    return true;
  return false;
}

bool IsTerminal(const Token& t) {
  return t.Is(kPunct) && (t.norm() == "." || t.norm() == "?" || t.norm() == "!" || t.norm() == "...");
}

bool IsCloser(const Token& t) {
  return t.Is(kCloseQuote) || (t.Is(kPunct) && (t.norm() == ")" || t.norm() == "]" || t.norm() == "\"" || t.norm() == "'"));
}

bool IsLineContinuationEnd(const Token& t) {
  if (t.Is(kPunct)) return t.norm() == "," || t.norm() == ";" || t.norm() == "-" || t.norm() == "(";
  static const char* const kWords[] = {"and", "or", "of", "the", "a", "an", "to", "in", "on",
                                       "for", "with", "by", "at", "from", "as", "its", "their"};
  for (const char* w : kWords)
    if (t.lower() == w) return true;
  return false;
}

}  // namespace

std::vector<Sentence> SplitSentences(std::string_view text, const TokenList& toks,
                                     const std::unordered_set<std::string>& abbreviations) {
  std::vector<Sentence> out;
  if (toks.empty()) return out;
  uint32_t begin = 0;
  auto close = [&](uint32_t end_tok) {
    if (end_tok > begin) {
      out.push_back(Sentence{Span{toks[begin].span.start, toks[end_tok - 1].span.end}, begin, end_tok});
    }
    begin = end_tok;
  };
  for (uint32_t i = 0; i + 1 <= toks.size(); ++i) {
    if (i + 1 == toks.size()) {
      close(i + 1);
      break;
    }
    const Token& t = toks[i];
    const Token& next = toks[i + 1];
    // Line boundaries.
    int nl = NewlinesBetween(text, t.span.end, next.span.start);
    if (nl >= 2 || (nl == 1 && (IsListMarker(toks, i + 1) || (toks[begin].Is(kLineStart) && IsListMarker(toks, begin))))) {
      close(i + 1);
      continue;
    }
    if (nl == 1) {
      bool ended = IsTerminal(t) || IsCloser(t) || t.norm() == ":";
      // A soft-wrapped line continues when it clearly has not ended.
      bool continues = !ended && (StartsLower(text, next) || IsLineContinuationEnd(t));
      if (!continues) {
        close(i + 1);
        continue;
      }
    }
    if (!IsTerminal(t)) continue;
    // Soft boundary after . ? ! (plus closing quotes and brackets).
    uint32_t j = i + 1;
    while (j < toks.size() && IsCloser(toks[j]) && toks[j].span.start == toks[j - 1].span.end) ++j;
    if (j >= toks.size()) {
      close(static_cast<uint32_t>(toks.size()));
      break;
    }
    const Token& after = toks[j];
    if (after.span.start == toks[j - 1].span.end && !IsCloser(toks[j - 1])) continue;  // "3.5", ".com"
    if (!StartsUpperOrDigit(text, after) && !IsListMarker(toks, j)) continue;
    if (t.norm() == "." && i > begin) {
      const Token& prev = toks[i - 1];
      if (prev.span.end == t.span.start && prev.Is(kWord)) {
        std::string key(prev.lower());
        key += '.';
        if (abbreviations.count(key)) continue;
        // single initial before a capitalised name ("J. Smith")
        if (prev.Is(kCap) && prev.span.end - prev.span.start == 1) continue;
      }
    }
    if (t.Is(kPunct) && t.norm() == "." && i == begin) continue;
    if (t.norm() == "." && i > 0 && IsListMarker(toks, i - 1)) continue;  // "1. Item"
    close(j);
    i = j - 1;
  }
  // Initialisms keep their final dot inside the token ("U.S."): a sentence that ends with one
  // is joined by the loop above only when a terminal token follows; handle "in the U.S. The"
  // by splitting where an initialism is followed by a capitalised function word.
  std::vector<Sentence> refined;
  refined.reserve(out.size());
  static const char* const kStarters[] = {"the", "this", "these", "it", "its", "in", "a", "an",
                                          "we", "they", "he", "she", "there", "such", "both"};
  for (const Sentence& s : out) {
    uint32_t b = s.token_begin;
    for (uint32_t k = s.token_begin; k + 1 < s.token_end; ++k) {
      if (!toks[k].Is(kInitialism)) continue;
      const Token& n = toks[k + 1];
      if (!n.Is(kCap) || n.Is(kAllCaps)) continue;
      bool starter = false;
      for (const char* w : kStarters) starter |= n.lower() == w;
      if (!starter || k + 1 == b) continue;
      refined.push_back(Sentence{Span{toks[b].span.start, toks[k].span.end}, b, k + 1});
      b = k + 1;
    }
    refined.push_back(Sentence{Span{toks[b].span.start, toks[s.token_end - 1].span.end}, b, s.token_end});
  }
  return refined;
}

}  // namespace accord::corpus
