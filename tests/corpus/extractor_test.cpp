// The extractor on data-driven golden cases (tests/data/extract/cases.json, one test each),
// plus its invariants: every mention and evidence span reproduces its text exactly from the
// original bytes over the whole bundled corpus, sentences contain their mentions, and the
// output is deterministic.
#include "accord/corpus/extractor.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "accord/corpus/document.hpp"
#include "accord/corpus/rules.hpp"
#include "accord/graph/text_key.hpp"

namespace accord::corpus {
namespace {

namespace fs = std::filesystem;

struct Case {
  std::string name;
  std::string text;
  std::vector<std::pair<std::string, std::string>> entities;
  std::vector<std::string> absent;
  std::vector<std::vector<std::string>> relations;
  bool no_relations = false;
};

std::vector<Case> LoadCases() {
  std::ifstream in(fs::path(ACCORD_TEST_DATA) / "extract/cases.json");
  std::stringstream ss;
  ss << in.rdbuf();
  rapidjson::Document d;
  d.Parse(ss.str().c_str());
  std::vector<Case> out;
  if (d.HasParseError() || !d.HasMember("cases")) return out;
  for (const auto& c : d["cases"].GetArray()) {
    Case k;
    k.name = c["name"].GetString();
    k.text = c["text"].GetString();
    if (c.HasMember("entities"))
      for (const auto& e : c["entities"].GetArray()) k.entities.push_back({e[0].GetString(), e[1].GetString()});
    if (c.HasMember("absent"))
      for (const auto& a : c["absent"].GetArray()) k.absent.push_back(a.GetString());
    if (c.HasMember("relations"))
      for (const auto& r : c["relations"].GetArray())
        k.relations.push_back({r[0].GetString(), r[1].GetString(), r[2].GetString()});
    k.no_relations = c.HasMember("no_relations") && c["no_relations"].GetBool();
    out.push_back(std::move(k));
  }
  return out;
}

const Rules& DefaultRules() {
  static auto rules = LoadDefaultRules();
  return **rules;
}

graph::DocumentRec ExtractText(const std::string& text, const std::string& name = "case.txt") {
  auto doc = ParseDocument("/cases/" + name, text);
  EXPECT_TRUE(doc.has_value()) << (doc ? "" : doc.error().message);
  return Extract(*doc, DefaultRules());
}

// Entity index whose name or alias has the key of `name`, else -1.
int FindEntity(const graph::DocumentRec& rec, const std::string& name) {
  std::string key = graph::NormalizeKey(name);
  for (size_t i = 0; i < rec.entities.size(); ++i) {
    if (graph::NormalizeKey(rec.entities[i].name) == key) return static_cast<int>(i);
    for (const auto& a : rec.entities[i].aliases)
      if (graph::NormalizeKey(a.text) == key) return static_cast<int>(i);
  }
  return -1;
}

std::string Dump(const graph::DocumentRec& rec) {
  std::string out = "entities:";
  for (const auto& e : rec.entities) out += " [" + e.name + " (" + e.type + ")]";
  out += "\nrelations:";
  for (const auto& r : rec.relations)
    out += " [" + rec.entities[r.source].name + " -" + r.type + "-> " + rec.entities[r.target].name + "]";
  return out;
}

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class ExtractCase : public ::testing::TestWithParam<Case> {};

TEST_P(ExtractCase, FindsWhatTheTextStates) {
  const Case& c = GetParam();
  auto rec = ExtractText(c.text);
  for (const auto& [name, type] : c.entities) {
    int e = FindEntity(rec, name);
    ASSERT_GE(e, 0) << "missing entity " << name << "\n" << Dump(rec);
    EXPECT_EQ(rec.entities[e].type, type) << name << "\n" << Dump(rec);
  }
  for (const auto& name : c.absent)
    for (const auto& e : rec.entities)
      EXPECT_NE(graph::NormalizeKey(e.name), graph::NormalizeKey(name)) << "unexpected entity " << name << "\n" << Dump(rec);
  for (const auto& r : c.relations) {
    int s = FindEntity(rec, r[0]), t = FindEntity(rec, r[2]);
    ASSERT_GE(s, 0) << r[0] << "\n" << Dump(rec);
    ASSERT_GE(t, 0) << r[2] << "\n" << Dump(rec);
    bool found = std::any_of(rec.relations.begin(), rec.relations.end(), [&](const graph::RelationRec& x) {
      return static_cast<int>(x.source) == s && static_cast<int>(x.target) == t && x.type == r[1];
    });
    EXPECT_TRUE(found) << "missing relation " << r[0] << " -" << r[1] << "-> " << r[2] << "\n" << Dump(rec);
  }
  if (c.no_relations) {
    EXPECT_TRUE(rec.relations.empty()) << Dump(rec);
  }
  // every relation carries evidence that is a sentence of the text
  for (const auto& r : rec.relations) {
    ASSERT_FALSE(r.evidence.empty());
    for (const auto& ev : r.evidence) {
      ASSERT_LT(ev.sentence, rec.sentences.size());
      EXPECT_EQ(ev.span, rec.sentences[ev.sentence]);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Golden, ExtractCase, ::testing::ValuesIn(LoadCases()),
                         [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

bool IsUtf8Boundary(const std::string& text, uint32_t pos) {
  return pos >= text.size() || (static_cast<unsigned char>(text[pos]) & 0xC0) != 0x80;
}

TEST(Extractor, EveryOffsetReproducesItsTextOverTheBundledCorpus) {
  size_t documents = 0, mentions = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(ACCORD_SOURCE_DIR) / "corpus/documents")) {
    auto doc = LoadDocument(entry.path());
    ASSERT_TRUE(doc.has_value()) << entry.path();
    auto rec = Extract(*doc, DefaultRules());
    ++documents;
    for (const auto& s : rec.sentences) {
      ASSERT_LE(s.start, s.end);
      ASSERT_LE(s.end, doc->text.size());
      EXPECT_GE(s.start, doc->body_start);
    }
    for (const auto& m : rec.mentions) {
      ++mentions;
      ASSERT_LT(m.entity, rec.entities.size());
      ASSERT_LE(m.span.end, doc->text.size());
      ASSERT_LT(m.span.start, m.span.end);
      EXPECT_TRUE(IsUtf8Boundary(doc->text, m.span.start) && IsUtf8Boundary(doc->text, m.span.end));
      const auto& sent = rec.sentences.at(m.sentence);
      EXPECT_TRUE(sent.start <= m.span.start && m.span.end <= sent.end) << entry.path();
      // the mention's text names its entity (name, alias, or a short form under the same key)
      std::string surface = doc->text.substr(m.span.start, m.span.end - m.span.start);
      EXPECT_FALSE(graph::NormalizeKey(surface).empty()) << surface;
    }
    for (const auto& r : rec.relations)
      for (const auto& ev : r.evidence) {
        ASSERT_LE(ev.span.end, doc->text.size());
        EXPECT_TRUE(IsUtf8Boundary(doc->text, ev.span.start) && IsUtf8Boundary(doc->text, ev.span.end));
        EXPECT_EQ(ev.span, rec.sentences.at(ev.sentence));
      }
    // aliases are verbatim substrings of the document
    for (const auto& e : rec.entities)
      for (const auto& a : e.aliases) EXPECT_NE(doc->text.find(a.text), std::string::npos) << a.text;
  }
  EXPECT_GE(documents, 12u);
  EXPECT_GT(mentions, 500u);
}

TEST(Extractor, IsDeterministic) {
  auto doc = LoadDocument(fs::path(ACCORD_SOURCE_DIR) / "corpus/documents/02_global_ai_governance_action_plan.md");
  ASSERT_TRUE(doc.has_value());
  auto a = Extract(*doc, DefaultRules());
  auto b = Extract(*doc, DefaultRules());
  ASSERT_EQ(a.entities.size(), b.entities.size());
  ASSERT_EQ(a.mentions.size(), b.mentions.size());
  ASSERT_EQ(a.relations.size(), b.relations.size());
  for (size_t i = 0; i < a.entities.size(); ++i) EXPECT_EQ(a.entities[i].name, b.entities[i].name);
  for (size_t i = 0; i < a.relations.size(); ++i) {
    EXPECT_EQ(a.relations[i].type, b.relations[i].type);
    EXPECT_EQ(a.relations[i].source, b.relations[i].source);
  }
}

TEST(Extractor, EmptyBodyGivesAnEmptyGraph) {
  auto rec = ExtractText("---\ntitle: Nothing\n---\n", "empty.md");
  EXPECT_TRUE(rec.entities.empty());
  EXPECT_TRUE(rec.relations.empty());
}

}  // namespace
}  // namespace accord::corpus
