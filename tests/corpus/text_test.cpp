// Tokenizer and sentence splitter: byte offsets into the original text, the "golden rules" of
// sentence boundaries (abbreviations, dotted initials, numbers, quotes, list lines).
#include "accord/corpus/text.hpp"

#include <gtest/gtest.h>

#include <string>
#include <unordered_set>
#include <vector>

namespace accord::corpus {
namespace {

std::vector<std::string> Sentences(const std::string& text) {
  static const std::unordered_set<std::string> kAbbr = {"no.", "mr.", "dr.", "e.g.", "i.e.", "art.", "gen."};
  auto toks = Tokenize(text, graph::Span{0, static_cast<uint32_t>(text.size())});
  std::vector<std::string> out;
  for (const auto& s : SplitSentences(text, toks, kAbbr)) out.push_back(text.substr(s.span.start, s.span.end - s.span.start));
  return out;
}

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& t : Tokenize(text, graph::Span{0, static_cast<uint32_t>(text.size())}))
    out.push_back(text.substr(t.span.start, t.span.end - t.span.start));
  return out;
}

TEST(Tokenize, SpansReproduceTheText) {
  const std::string text = "China’s “Action Plan” — 200,000 IT professionals, P.R. China, 78/265.";
  for (const auto& t : Tokenize(text, graph::Span{0, static_cast<uint32_t>(text.size())})) {
    ASSERT_LE(t.span.end, text.size());
    EXPECT_FALSE(text.substr(t.span.start, t.span.end - t.span.start).empty());
  }
  EXPECT_EQ(Words(text), (std::vector<std::string>{"China", "’s", "“", "Action", "Plan", "”", "—", "200,000", "IT",
                                                   "professionals", ",", "P.R.", "China", ",", "78/265", "."}));
}

TEST(Tokenize, NormalisesQuotesAndDashesBesideTheOriginal) {
  const std::string text = "“Safety” – China’s";
  auto toks = Tokenize(text, graph::Span{0, static_cast<uint32_t>(text.size())});
  ASSERT_EQ(toks.size(), 6u);
  EXPECT_EQ(toks[0].norm(), "\"");
  EXPECT_TRUE(toks[0].Is(kOpenQuote));
  EXPECT_EQ(toks[1].lower(), "safety");
  EXPECT_TRUE(toks[2].Is(kCloseQuote));
  EXPECT_EQ(toks[3].norm(), "-");
  EXPECT_TRUE(toks[5].Is(kPossessive));
  EXPECT_EQ(toks[5].norm(), "'s");
}

TEST(Tokenize, KeepsHyphenCompoundsInitialismsAndDottedNames) {
  EXPECT_EQ(Words("High-Level U.S. OECD.AI e.g. No. 5"),
            (std::vector<std::string>{"High-Level", "U.S.", "OECD.AI", "e.g.", "No", ".", "5"}));
}

TEST(Tokenize, RespectsTheRangeItIsGiven) {
  const std::string text = "---\ntitle: X\n---\nBody text.";
  auto toks = Tokenize(text, graph::Span{17, static_cast<uint32_t>(text.size())});
  ASSERT_FALSE(toks.empty());
  EXPECT_EQ(toks.front().span.start, 17u);
}

TEST(SplitSentences, DottedInitialsDoNotEndASentence) {
  EXPECT_EQ(Sentences("The writer is Consul General of the P.R. China in Lahore."),
            (std::vector<std::string>{"The writer is Consul General of the P.R. China in Lahore."}));
}

TEST(SplitSentences, AbbreviationsAndNumbersDoNotEndASentence) {
  EXPECT_EQ(Sentences("See resolution No. 5 adopted by Mr. Smith. It passed."),
            (std::vector<std::string>{"See resolution No. 5 adopted by Mr. Smith.", "It passed."}));
  EXPECT_EQ(Sentences("Growth was 3.5 percent in 2024. Then it fell."),
            (std::vector<std::string>{"Growth was 3.5 percent in 2024.", "Then it fell."}));
}

TEST(SplitSentences, SplitsAfterClosingQuotes) {
  EXPECT_EQ(Sentences("It aims at “digital sovereignty.” In terms of philosophy it differs."),
            (std::vector<std::string>{"It aims at “digital sovereignty.”", "In terms of philosophy it differs."}));
}

TEST(SplitSentences, InitialismAtTheEndBeforeAFunctionWord) {
  EXPECT_EQ(Sentences("The text was drafted in the U.S. The vote came later."),
            (std::vector<std::string>{"The text was drafted in the U.S.", "The vote came later."}));
}

TEST(SplitSentences, LinesAreUnitsButWrappedLinesContinue) {
  EXPECT_EQ(Sentences("A headline without a stop\nThe body starts here and\ncontinues here."),
            (std::vector<std::string>{"A headline without a stop", "The body starts here and\ncontinues here."}));
}

TEST(SplitSentences, ListItemsAreTheirOwnSentences) {
  EXPECT_EQ(Sentences("The Plan has two measures:\n\n1. First measure;\n2. Second measure.\n- A bullet"),
            (std::vector<std::string>{"The Plan has two measures:", "1. First measure;", "2. Second measure.",
                                      "- A bullet"}));
}

TEST(SplitSentences, HandlesCrlfAndLoneCr) {
  EXPECT_EQ(Sentences("One line.\r\nTwo line.\rThree."),
            (std::vector<std::string>{"One line.", "Two line.", "Three."}));
}

TEST(SplitSentences, EmptyAndWhitespaceOnlyTextHasNoSentences) {
  EXPECT_TRUE(Sentences("").empty());
  EXPECT_TRUE(Sentences(" \n\t\n").empty());
}

}  // namespace
}  // namespace accord::corpus
