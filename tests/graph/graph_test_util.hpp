// Helpers for the graph tests: temporary folders and a small builder for DocumentRec values
// (sentences split at ". ", spans found by searching the text).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <string>

#include "accord/graph/json_io.hpp"
#include "accord/graph/records.hpp"
#include "accord/graph/store.hpp"

namespace accord::graph::testing {

class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("accord-graph-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) +
             "-" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

inline std::string HashOf(const std::string& text) {
  std::ostringstream ss;
  ss << std::hex << std::hash<std::string>{}(text);
  return ss.str();
}

class DocBuilder {
 public:
  DocBuilder(std::string path, std::string text) {
    doc_.path = std::move(path);
    doc_.title = "Title of " + doc_.path;
    doc_.text = std::move(text);
    doc_.content_hash = HashOf(doc_.text);
    uint32_t start = 0;
    const std::string& t = doc_.text;
    for (size_t i = 0; i < t.size(); ++i) {
      if (t[i] == '.' && (i + 1 == t.size() || t[i + 1] == ' ')) {
        doc_.sentences.push_back({start, static_cast<uint32_t>(i + 1)});
        start = static_cast<uint32_t>(i + 2);
      }
    }
    if (start < t.size()) doc_.sentences.push_back({start, static_cast<uint32_t>(t.size())});
  }
  DocBuilder& Meta(std::string k, std::string v) {
    doc_.metadata.emplace_back(std::move(k), std::move(v));
    return *this;
  }
  uint32_t Entity(std::string name, std::string type, std::vector<AliasRec> aliases = {}) {
    doc_.entities.push_back({std::move(name), std::move(type), std::move(aliases)});
    return static_cast<uint32_t>(doc_.entities.size() - 1);
  }
  // Mentions `entity` at every occurrence of `surface`.
  DocBuilder& Mention(uint32_t entity, const std::string& surface) {
    for (size_t at = doc_.text.find(surface); at != std::string::npos;
         at = doc_.text.find(surface, at + 1)) {
      const Span span{static_cast<uint32_t>(at), static_cast<uint32_t>(at + surface.size())};
      doc_.mentions.push_back({entity, SentenceOf(span.start), span});
    }
    return *this;
  }
  // A relation whose evidence is the sentence holding `evidence_surface`.
  DocBuilder& Relation(uint32_t source, uint32_t target, std::string type,
                       const std::string& evidence_surface,
                       RelationKind kind = RelationKind::kStated) {
    RelationRec r;
    r.source = source;
    r.target = target;
    r.type = std::move(type);
    r.kind = kind;
    const size_t at = doc_.text.find(evidence_surface);
    if (at != std::string::npos) {
      const uint32_t s = SentenceOf(static_cast<uint32_t>(at));
      r.evidence.push_back({s, doc_.sentences[s]});
    }
    doc_.relations.push_back(std::move(r));
    return *this;
  }
  const DocumentRec& doc() const { return doc_; }
  DocumentRec& doc() { return doc_; }

 private:
  uint32_t SentenceOf(uint32_t offset) const {
    for (uint32_t i = 0; i < doc_.sentences.size(); ++i)
      if (offset >= doc_.sentences[i].start && offset < doc_.sentences[i].end) return i;
    return 0;
  }
  DocumentRec doc_;
};

inline Store OpenOrDie(const std::filesystem::path& path, OpenMode mode = OpenMode::kReadWrite) {
  auto store = Store::Open(path, mode);
  if (!store) {
    std::fprintf(stderr, "open failed: %s\n", store.error().message.c_str());
    std::abort();
  }
  return std::move(*store);
}

inline void WriteFile(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Three small documents the store tests share. ProposalDoc: the Commission and the AI Act
// (with metadata and a co-occurrence edge when `extras`); GuidanceDoc: the Commission again
// and NIST (whose long name merges it with UpdateDoc's entity); UpdateDoc: NIST by full name.
inline DocumentRec ProposalDoc(const std::string& path, bool extras) {
  DocBuilder b(path,
               "The European Commission proposed the AI Act. The AI Act regulates foundation "
               "models. OpenAI builds foundation models.");
  if (extras) b.Meta("year", "2024").Meta("jurisdiction", "EU");
  const uint32_t ec = b.Entity("European Commission", "organization", {{"Commission", false}});
  const uint32_t act = b.Entity("AI Act", "law", {{"the Act", true}});
  const uint32_t fm = b.Entity("foundation models", "technology");
  const uint32_t oa = b.Entity("OpenAI", "organization");
  b.Mention(ec, "European Commission").Mention(act, "AI Act").Mention(fm, "foundation models");
  b.Mention(oa, "OpenAI");
  b.Relation(ec, act, "proposed", "proposed the AI Act");
  b.Relation(act, fm, "regulates", "regulates foundation");
  b.Relation(oa, fm, "builds", "OpenAI builds");
  if (extras) b.Relation(ec, oa, "cooccurs", "OpenAI builds", RelationKind::kCooccurrence);
  return b.doc();
}

inline DocumentRec GuidanceDoc(const std::string& path, const std::string& verb = "published") {
  DocBuilder b(path, "The Commission published guidance on the Act. NIST " + verb + " the AI RMF.");
  const uint32_t ec = b.Entity("Commission", "organization");
  const uint32_t act = b.Entity("the Act", "law");
  const uint32_t nist = b.Entity(
      "NIST", "organization", {{"National Institute of Standards and Technology", false}});
  const uint32_t rmf = b.Entity("AI RMF", "framework");
  b.Mention(ec, "Commission").Mention(act, "the Act").Mention(nist, "NIST").Mention(rmf, "AI RMF");
  b.Relation(ec, act, "published", "guidance");
  b.Relation(nist, rmf, verb, "NIST");
  return b.doc();
}

inline DocumentRec UpdateDoc(const std::string& path) {
  DocBuilder b(path, "The National Institute of Standards and Technology updated the AI RMF.");
  const uint32_t nist = b.Entity("National Institute of Standards and Technology", "organization");
  const uint32_t rmf = b.Entity("AI RMF", "framework");
  b.Mention(nist, "National Institute").Mention(rmf, "AI RMF");
  b.Relation(nist, rmf, "updated", "updated");
  return b.doc();
}

// The whole store as accord-graph JSON.
inline std::string ExportJson(Store& store) {
  auto g = store.LoadGraph();
  EXPECT_TRUE(g.has_value());
  std::ostringstream out;
  if (g) {
    EXPECT_TRUE(WriteGraphJson(*g, out).has_value());
  }
  return out.str();
}

}  // namespace accord::graph::testing
