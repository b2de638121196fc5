// Tests for windowed extraction (windowed.hpp): where windows are cut (paragraph breaks, sentence
// ends, between words, a hard cut only on a UTF-8 boundary), that a document cut into windows
// gives the same entities, mentions and relations as one whole-document extraction when no
// reference crosses a window, that every offset of the merged record points at the right bytes
// of the original text, that progress and cancellation come between windows, and that a
// document below the threshold is extracted exactly as before.
#include "accord/corpus/windowed.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <sstream>
#include <string>

#include "accord/corpus/extractor.hpp"
#include "accord/corpus/ingest.hpp"
#include "accord/graph/text_key.hpp"

#include "corpus_test_util.hpp"

namespace accord::corpus {
namespace {
namespace fs = std::filesystem;
using graph::DocumentRec;
using graph::Span;

using testing::DefaultRules;

constexpr std::string_view kCycle = testing::kStatements;

// A Markdown document: front matter, a title, then `cycles` paragraphs of kCycle.
LoadedDocument RepeatedDocument(int cycles) {
  std::string text = "---\ntitle: Repeated statements\n---\n# Repeated statements\n\n";
  for (int i = 0; i < cycles; ++i) {
    text += kCycle;
    text += "\n";
  }
  auto doc = ParseDocument("/tmp/accord-windowed-test/repeated.md", text);
  EXPECT_TRUE(doc) << doc.error().message;
  return doc ? std::move(*doc) : LoadedDocument{};
}

// Everything a record says, one line per fact, spans as the text they cover.
std::string Describe(const DocumentRec& rec) {
  std::ostringstream out;
  auto text = [&](Span s) {
    return "[" + std::to_string(s.start) + "," + std::to_string(s.end) + ")";
  };
  out << rec.path << " | " << rec.title << " | " << rec.content_hash << " | " << rec.text.size()
      << "\n";
  for (const auto& [k, v] : rec.metadata) out << "meta " << k << "=" << v << "\n";
  for (const Span& s : rec.sentences) out << "S " << text(s) << "\n";
  for (const auto& e : rec.entities) {
    out << "E " << e.name << " {" << e.type << "}";
    for (const auto& a : e.aliases) out << " | " << a.text << (a.local ? " (local)" : "");
    out << "\n";
  }
  for (const auto& m : rec.mentions)
    out << "M " << m.entity << " s" << m.sentence << " " << text(m.span) << "\n";
  for (const auto& r : rec.relations) {
    out << "R " << r.source << " -" << r.type << "/" << graph::RelationKindName(r.kind) << "-> "
        << r.target << ":";
    for (const auto& e : r.evidence) out << " s" << e.sentence << text(e.span);
    out << "\n";
  }
  return out.str();
}

// Checks that every span of `rec` lies in its text and inside its sentence, sentences in order.
void ExpectConsistent(const DocumentRec& rec) {
  const uint32_t size = static_cast<uint32_t>(rec.text.size());
  for (size_t i = 0; i < rec.sentences.size(); ++i) {
    ASSERT_LE(rec.sentences[i].start, rec.sentences[i].end);
    ASSERT_LE(rec.sentences[i].end, size);
    if (i > 0) {
      ASSERT_LE(rec.sentences[i - 1].end, rec.sentences[i].start);
    }
  }
  for (const auto& m : rec.mentions) {
    ASSERT_LT(m.entity, rec.entities.size());
    ASSERT_LT(m.sentence, rec.sentences.size());
    const Span s = rec.sentences[m.sentence];
    EXPECT_TRUE(s.start <= m.span.start && m.span.end <= s.end)
        << "mention [" << m.span.start << "," << m.span.end << ") outside its sentence";
  }
  for (const auto& r : rec.relations) {
    ASSERT_LT(r.source, rec.entities.size());
    ASSERT_LT(r.target, rec.entities.size());
    EXPECT_NE(r.source, r.target);
    for (const auto& e : r.evidence) {
      ASSERT_LT(e.sentence, rec.sentences.size());
      const Span s = rec.sentences[e.sentence];
      EXPECT_TRUE(s.start <= e.span.start && e.span.end <= s.end);
    }
  }
}

TEST(WindowsOf, OneWindowWhenTheBodyFits) {
  const std::string text = "---\ntitle: x\n---\nShort text.\n";
  auto w = WindowsOf(text, 17, 100);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0], (Span{17, static_cast<uint32_t>(text.size())}));
}

TEST(WindowsOf, CutsAtTheLastParagraphBreakAndCoversTheBody) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "Sentence number " + std::to_string(i) + " ends here.\n\n";
  auto w = WindowsOf(text, 0, 200);
  ASSERT_GT(w.size(), 3u);
  EXPECT_EQ(w.front().start, 0u);
  EXPECT_EQ(w.back().end, text.size());
  for (size_t i = 0; i < w.size(); ++i) {
    EXPECT_LE(w[i].end - w[i].start, 200u);
    EXPECT_GT(w[i].end - w[i].start, 100u - 1) << "window " << i << " cut too early";
    if (i > 0) {
      EXPECT_EQ(w[i].start, w[i - 1].end);
    }
    if (i + 1 < w.size()) {
      EXPECT_EQ(text.substr(w[i].end - 2, 2), "\n\n") << "window " << i;
    }
  }
}

TEST(WindowsOf, WithoutParagraphsCutsAtASentenceEnd) {
  std::string text;
  for (int i = 0; i < 30; ++i)
    text += "The OECD adopted principles number " + std::to_string(i) + ". ";
  auto w = WindowsOf(text, 0, 300);
  ASSERT_GT(w.size(), 3u);
  for (size_t i = 0; i + 1 < w.size(); ++i) {
    EXPECT_EQ(text.substr(w[i].end - 2, 2), ". ") << "window " << i;
    EXPECT_EQ(text.substr(w[i].end, 4), "The ") << "window " << i;
  }
}

TEST(WindowsOf, ALineWithoutSentenceEndsIsCutBetweenWords) {
  std::string text;
  for (int i = 0; i < 500; ++i) text += (i % 3 == 0 ? "cooperation " : "the China plan ");
  auto w = WindowsOf(text, 0, 256);
  ASSERT_GT(w.size(), 10u);
  for (size_t i = 0; i + 1 < w.size(); ++i) {
    EXPECT_EQ(text[w[i].end - 1], ' ') << "window " << i;
    EXPECT_NE(text[w[i].end], ' ') << "window " << i;
  }
}

TEST(WindowsOf, AHardCutKeepsMultiByteCharactersWhole) {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "\xC3\xA9\xE2\x82\xAC";  // "é€", no break anywhere
  auto w = WindowsOf(text, 0, 101);
  ASSERT_GT(w.size(), 10u);
  size_t covered = 0;
  for (const Span& s : w) {
    EXPECT_NE(static_cast<unsigned char>(text[s.start]) & 0xC0, 0x80u) << "cut inside a character";
    EXPECT_LE(s.end - s.start, 101u);
    covered += s.end - s.start;
  }
  EXPECT_EQ(covered, text.size());
}

TEST(ExtractWindowed, BelowTheThresholdIsExactlyExtract) {
  for (const auto& entry : fs::directory_iterator(BundledCorpusDir())) {
    auto doc = LoadDocument(entry.path());
    ASSERT_TRUE(doc) << doc.error().message;
    const std::string whole = Describe(Extract(*doc, *DefaultRules()));
    int windows = 0;
    auto rec = ExtractWindowed(*doc, *DefaultRules(), kWindowBytes, [&](size_t, size_t) {
      ++windows;
      return true;
    });
    ASSERT_TRUE(rec);
    EXPECT_EQ(Describe(*rec), whole) << entry.path();
    EXPECT_EQ(windows, 0) << "a document below the threshold reports no windows";
  }
}

TEST(ExtractWindowed, RepeatedParagraphsGiveTheWholeDocumentsGraph) {
  LoadedDocument doc = RepeatedDocument(60);
  const size_t window = 4 * kCycle.size();  // a few paragraphs per window
  ASSERT_GT(doc.text.size(), 10 * window);
  const DocumentRec whole = Extract(doc, *DefaultRules());
  ASSERT_GT(whole.entities.size(), 10u);
  ASSERT_GT(whole.relations.size(), 5u);
  std::vector<std::pair<size_t, size_t>> reports;
  auto windowed = ExtractWindowed(doc, *DefaultRules(), window, [&](size_t done, size_t total) {
    reports.emplace_back(done, total);
    return true;
  });
  ASSERT_TRUE(windowed);
  EXPECT_EQ(reports.size(), WindowsOf(doc.text, doc.body_start, window).size());
  EXPECT_GT(reports.size(), 10u);
  EXPECT_EQ(Describe(*windowed), Describe(whole));
  EXPECT_EQ(windowed->text, doc.text);
  ExpectConsistent(*windowed);
}

TEST(ExtractWindowed, OffsetsPointIntoTheOriginalBytes) {
  // Sentences that run across windows with no paragraph break (one long line with sentence
  // ends, then one with none at all): the windows are cut at sentence ends, then between words.
  std::string text = "# Statements\n\n";
  for (int i = 0; i < 400; ++i)
    text += i % 5 ? "China and Pakistan signed the plan. " : "The OECD met in Paris. ";
  text += "\n\n";
  for (int i = 0; i < 400; ++i) text += "the Global Digital Compact and Kenya ";
  text += "\n";
  auto doc = ParseDocument("/tmp/accord-windowed-test/offsets.txt", text);
  ASSERT_TRUE(doc);
  const size_t window = 1000;
  auto rec = ExtractWindowed(*doc, *DefaultRules(), window);
  ASSERT_TRUE(rec);
  ExpectConsistent(*rec);
  ASSERT_GT(rec->mentions.size(), 500u);
  // Each mention's bytes in the original text name its entity (by its name or an alias).
  std::map<std::string, int> surfaces;
  for (const auto& m : rec->mentions) {
    const std::string surface = rec->text.substr(m.span.start, m.span.end - m.span.start);
    const auto& entity = rec->entities[m.entity];
    bool named = graph::NormalizeKey(surface) == graph::NormalizeKey(entity.name);
    for (const auto& a : entity.aliases)
      named = named || graph::NormalizeKey(surface) == graph::NormalizeKey(a.text);
    EXPECT_TRUE(named) << "[" << m.span.start << "," << m.span.end << ") reads \"" << surface
                       << "\", a mention of " << entity.name;
    ++surfaces[surface];
  }
  // Every occurrence of the names is found, across every cut.
  EXPECT_EQ(surfaces["China"], 320);
  EXPECT_EQ(surfaces["Pakistan"], 320);
  EXPECT_EQ(surfaces["OECD"], 80);
  EXPECT_EQ(surfaces["Kenya"], 400);
  EXPECT_EQ(surfaces["Global Digital Compact"], 400);
  for (const auto& r : rec->relations)
    for (const auto& e : r.evidence)
      EXPECT_EQ(e.span, rec->sentences[e.sentence]) << "evidence is its sentence";
}

// "the Plan" in a later window resolves to the plan named in the first one: the names seen
// most recently are carried into each window as context.
TEST(ExtractWindowed, ADefiniteDescriptionResolvesToAnEntityOfAnEarlierWindow) {
  std::string text = "# Health\n\nKenya published the National Health AI Plan 2025 in Nairobi.\n\n";
  for (int i = 0; i < 80; ++i) {
    text += "The African Union endorsed the Plan in " + std::to_string(1990 + i % 30) +
            ". The Plan includes measures on health data.\n\n";
  }
  auto doc = ParseDocument("/tmp/accord-windowed-test/plan.md", text);
  ASSERT_TRUE(doc);
  const size_t window = 1024;
  ASSERT_GT(WindowsOf(text, doc->body_start, window).size(), 5u);
  const DocumentRec whole = Extract(*doc, *DefaultRules());
  auto windowed = ExtractWindowed(*doc, *DefaultRules(), window);
  ASSERT_TRUE(windowed);
  EXPECT_EQ(Describe(*windowed), Describe(whole));
  // The plan is named once and described twice in each of the 80 paragraphs.
  int plan = -1;
  for (size_t e = 0; e < windowed->entities.size(); ++e)
    if (windowed->entities[e].name == "National Health AI Plan 2025") plan = static_cast<int>(e);
  ASSERT_GE(plan, 0);
  int described = 0;
  for (const auto& m : windowed->mentions)
    if (m.entity == static_cast<uint32_t>(plan) &&
        windowed->text.substr(m.span.start, 5) == "Plan ")
      ++described;
  EXPECT_EQ(described, 160);
}

TEST(ExtractWindowed, CancelStopsBetweenWindows) {
  LoadedDocument doc = RepeatedDocument(40);
  const size_t window = 4 * kCycle.size();
  int calls = 0;
  auto rec =
      ExtractWindowed(doc, *DefaultRules(), window, [&](size_t, size_t) { return ++calls < 3; });
  ASSERT_FALSE(rec);
  EXPECT_EQ(rec.error().code, graph::ErrorCode::kCancelled);
  EXPECT_EQ(calls, 3) << "no window after the one that was told to stop";
}

}  // namespace
}  // namespace accord::corpus
