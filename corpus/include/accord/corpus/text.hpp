// Tokens and sentences over the original UTF-8 bytes. Every token and sentence keeps its byte
// span; normalised forms (quotes, dashes, case) live beside it and never replace the text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "accord/graph/records.hpp"

namespace accord::corpus {

using graph::Span;

enum TokenFlag : uint32_t {
  kWord = 1u << 0,       // letters (may hold inner hyphens, apostrophes, dots of initialisms)
  kNumber = 1u << 1,     // digits, with , . inside ("200,000", "3.5")
  kPunct = 1u << 2,      // any other single character
  kCap = 1u << 3,        // first letter upper-case
  kAllCaps = 1u << 4,    // two or more letters, all upper-case ("WAIC", "AI")
  kInitialism = 1u << 5, // dotted initials ("P.R.", "U.S.")
  kOpenQuote = 1u << 6,
  kCloseQuote = 1u << 7,
  kLineStart = 1u << 8,  // first token on its line
  kHyphenated = 1u << 9, // word with an inner hyphen ("China-Pakistan", "High-Level")
  kPossessive = 1u << 10 // the split-off "’s" / "'s"
};

// One token: 32 bytes, no heap of its own. `norm` and `lower` are views into the document's
// text when the token needs no folding (most tokens), else into its TokenList's arena.
struct Token {
  Span span;               // bytes in the original text
  uint32_t flags = 0;
  uint32_t size = 0;       // bytes of norm (and of lower: lower-casing keeps the length)
  const char* norm_ = nullptr;
  const char* lower_ = nullptr;
  bool Is(uint32_t f) const { return (flags & f) != 0; }
  std::string_view norm() const { return {norm_, size}; }   // quotes/dashes folded to ASCII, original case
  std::string_view lower() const { return {lower_, size}; } // norm, ASCII lower-cased
};

// The tokens of one text and the arena that holds their folded forms. Views stay valid while
// the list lives (moves included) and the text it was made from is unchanged.
class TokenList {
 public:
  size_t size() const { return tokens_.size(); }
  bool empty() const { return tokens_.empty(); }
  const Token& operator[](size_t i) const { return tokens_[i]; }
  const Token& front() const { return tokens_.front(); }
  const Token& back() const { return tokens_.back(); }
  std::vector<Token>::const_iterator begin() const { return tokens_.begin(); }
  std::vector<Token>::const_iterator end() const { return tokens_.end(); }
  // Heap bytes held (tokens and arena).
  size_t MemoryBytes() const { return tokens_.capacity() * sizeof(Token) + arena_.capacity(); }

 private:
  friend TokenList Tokenize(std::string_view text, Span range);
  std::vector<Token> tokens_;
  std::vector<char> arena_;
};

struct Sentence {
  Span span;             // trimmed byte span
  uint32_t token_begin;  // [token_begin, token_end) into the token vector
  uint32_t token_end;
};

// Splits text[range] into tokens. O(n). The tokens view `text`: keep it alive and unchanged.
TokenList Tokenize(std::string_view text, Span range);

// Groups tokens into sentences: a hard break at blank lines and at line ends (a line is its
// own unit unless the next line continues a sentence that has no end yet and starts
// lower-case), a soft break after . ? ! (with closing quotes/brackets) before an upper-case
// word, a digit or an opening quote, except after abbreviations (`abbreviations`, lower-case,
// with the dot: "no.", "e.g."), dotted initials ("P.R.", "U.S.") and single initials.
std::vector<Sentence> SplitSentences(std::string_view text, const TokenList& tokens,
                                     const std::unordered_set<std::string>& abbreviations);

}  // namespace accord::corpus
