// accord-graph JSON: exact golden bytes, validation errors with line:column or member path,
// hostile inputs (deep nesting, huge numbers) and the atomic, non-clobbering file writer.
#include "accord/graph/json_io.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "graph_test_util.hpp"

namespace accord::graph {
namespace {

using testing::ReadFile;
using testing::TempDir;
using testing::WriteFile;

GraphData TinyGraph() {
  GraphData g;
  g.documents.push_back({3, "/d/a.md", "A \"quoted\" title", {{"year", "2023"}, {"by", "Ü"}}, "ab12"});
  g.nodes.push_back({1, "OpenAI", "organization", {"Open AI"}, {3}, {{3, 0, 6}}});
  g.nodes.push_back({4, "GPT-4", "model", {}, {3}, {}});
  LinkInfo l;
  l.id = 7;
  l.source = 1;
  l.target = 4;
  l.type = "built";
  l.evidence.push_back({3, 0, 20, "OpenAI built GPT-4."});
  g.links.push_back(l);
  LinkInfo self;
  self.id = 9;
  self.source = 4;
  self.target = 4;
  self.type = "cooccurs";
  self.kind = RelationKind::kCooccurrence;
  g.links.push_back(self);
  return g;
}

constexpr const char* kTinyPretty = R"json({
  "format": "accord-graph",
  "version": 1,
  "documents": [
    {
      "id": 3,
      "title": "A \"quoted\" title",
      "path": "/d/a.md",
      "content_hash": "ab12",
      "metadata": {
        "year": "2023",
        "by": "Ü"
      }
    }
  ],
  "nodes": [
    {
      "id": 1,
      "label": "OpenAI",
      "type": "organization",
      "aliases": [
        "Open AI"
      ],
      "degree": 1,
      "documents": [
        3
      ],
      "mentions": [
        {
          "document": 3,
          "start": 0,
          "end": 6
        }
      ]
    },
    {
      "id": 4,
      "label": "GPT-4",
      "type": "model",
      "aliases": [],
      "degree": 2,
      "documents": [
        3
      ],
      "mentions": []
    }
  ],
  "links": [
    {
      "id": 7,
      "source": 1,
      "target": 4,
      "type": "built",
      "kind": "stated",
      "evidence": [
        {
          "document": 3,
          "start": 0,
          "end": 20,
          "text": "OpenAI built GPT-4."
        }
      ]
    },
    {
      "id": 9,
      "source": 4,
      "target": 4,
      "type": "cooccurs",
      "kind": "cooccurrence",
      "evidence": []
    }
  ]
}
)json";

TEST(JsonIo, WritesGoldenBytesPretty) {
  std::ostringstream out;
  ASSERT_TRUE(WriteGraphJson(TinyGraph(), out, true).has_value());
  EXPECT_EQ(out.str(), kTinyPretty);
}

TEST(JsonIo, WritesGoldenBytesCompact) {
  std::ostringstream out;
  ASSERT_TRUE(WriteGraphJson(GraphData{}, out, false).has_value());
  EXPECT_EQ(out.str(),
            "{\"format\":\"accord-graph\",\"version\":1,\"documents\":[],\"nodes\":[],"
            "\"links\":[]}\n");
}

TEST(JsonIo, ReadsWhatItWrites) {
  auto g = ReadGraphJson(kTinyPretty, "tiny.json");
  ASSERT_TRUE(g.has_value()) << g.error().message;
  std::ostringstream out;
  ASSERT_TRUE(WriteGraphJson(*g, out, true).has_value());
  EXPECT_EQ(out.str(), kTinyPretty);
  EXPECT_EQ(g->documents[0].metadata[1].second, "Ü");
  EXPECT_EQ(g->links[1].kind, RelationKind::kCooccurrence);
}

Error ReadError(std::string_view text) {
  auto g = ReadGraphJson(text, "graph.json");
  EXPECT_FALSE(g.has_value());
  return g ? Error{ErrorCode::kIo, "unexpected success"} : g.error();
}

TEST(JsonIo, SyntaxErrorGivesLineAndColumn) {
  Error e = ReadError("{\n  \"format\": \"accord-graph\",\n  \"version\": 1,,\n}");
  EXPECT_EQ(e.code, ErrorCode::kParse);
  EXPECT_EQ(e.message.rfind("graph.json:3:", 0), 0u) << e.message;
  e = ReadError("");
  EXPECT_EQ(e.code, ErrorCode::kParse);
  e = ReadError("{\"format\":\"accord-graph\",\"version\":1} trailing");
  EXPECT_EQ(e.code, ErrorCode::kParse);
  EXPECT_EQ(e.message.rfind("graph.json:1:", 0), 0u) << e.message;
}

TEST(JsonIo, RejectsWrongFormatAndVersion) {
  EXPECT_EQ(ReadError("[]").code, ErrorCode::kInvalid);
  EXPECT_EQ(ReadError("{\"format\":\"other\",\"version\":1}").code, ErrorCode::kInvalid);
  EXPECT_EQ(ReadError("{\"format\":\"accord-graph\"}").code, ErrorCode::kInvalid);
  Error e = ReadError("{\"format\":\"accord-graph\",\"version\":2}");
  EXPECT_EQ(e.code, ErrorCode::kUnsupported);
  EXPECT_NE(e.message.find("version 2"), std::string::npos);
}

TEST(JsonIo, RejectsWrongMemberTypes) {
  Error e = ReadError(
      R"({"format":"accord-graph","version":1,"nodes":[{"id":"1","label":"x","type":"t"}]})");
  EXPECT_EQ(e.code, ErrorCode::kInvalid);
  EXPECT_NE(e.message.find("nodes[0]"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("\"id\""), std::string::npos);
  EXPECT_EQ(ReadError(R"({"format":"accord-graph","version":1,"nodes":{}})").code,
            ErrorCode::kInvalid);
  EXPECT_EQ(ReadError(R"({"format":"accord-graph","version":1,"nodes":[{"id":1,"label":2,"type":"t"}]})")
                .code,
            ErrorCode::kInvalid);
  EXPECT_EQ(ReadError(R"({"format":"accord-graph","version":1,"documents":[{"id":1,"path":"p","metadata":{"a":1}}]})")
                .code,
            ErrorCode::kInvalid);
  EXPECT_EQ(ReadError(R"({"format":"accord-graph","version":1,"nodes":[{"id":1,"label":"a","type":"t"}],
      "links":[{"id":1,"source":1,"target":1,"type":"x","kind":"maybe"}]})")
                .code,
            ErrorCode::kInvalid);
}

TEST(JsonIo, RejectsDuplicateIds) {
  Error e = ReadError(R"({"format":"accord-graph","version":1,"nodes":[
      {"id":1,"label":"a","type":"t"},{"id":1,"label":"b","type":"t"}]})");
  EXPECT_EQ(e.code, ErrorCode::kInvalid);
  EXPECT_NE(e.message.find("nodes[1] repeats node id 1"), std::string::npos) << e.message;
}

// Found by fuzz_json: two documents with one path would reach the store's UNIQUE constraint.
TEST(JsonIo, RejectsTwoDocumentsWithOnePath) {
  Error e = ReadError(R"({"format":"accord-graph","version":1,"documents":[
      {"id":3,"path":"/d/a.md"},{"id":9,"path":"/d/a.md"}]})");
  EXPECT_EQ(e.code, ErrorCode::kInvalid);
  EXPECT_NE(e.message.find("documents[1] repeats the document path \"/d/a.md\""),
            std::string::npos)
      << e.message;
}

TEST(JsonIo, RejectsLinksToMissingNodes) {
  Error e = ReadError(R"({"format":"accord-graph","version":1,"nodes":[{"id":1,"label":"a","type":"t"}],
      "links":[{"id":5,"source":1,"target":2,"type":"x"}]})");
  EXPECT_EQ(e.code, ErrorCode::kInvalid);
  EXPECT_NE(e.message.find("links[0] has target 2, which is not a node"), std::string::npos)
      << e.message;
  e = ReadError(R"({"format":"accord-graph","version":1,"nodes":[{"id":1,"label":"a","type":"t",
      "mentions":[{"document":8,"start":0,"end":1}]}]})");
  EXPECT_EQ(e.code, ErrorCode::kInvalid);
}

TEST(JsonIo, RejectsDeepNestingWithoutCrashing) {
  std::string deep(100000, '[');
  Error e = ReadError(deep);
  EXPECT_EQ(e.code, ErrorCode::kParse);
  EXPECT_NE(e.message.find("nesting"), std::string::npos);
  std::string ok = R"({"format":"accord-graph","version":1,"x":)" + std::string(50, '[') +
                   std::string(50, ']') + "}";
  EXPECT_TRUE(ReadGraphJson(ok, "ok.json").has_value());
}

TEST(JsonIo, RejectsHugeNumbers) {
  const std::string head = R"({"format":"accord-graph","version":1,"documents":[{"id":1,"path":"p"}],"nodes":[)";
  EXPECT_EQ(ReadError(head + R"({"id":1e400,"label":"a","type":"t"}]})").code, ErrorCode::kParse);
  EXPECT_EQ(ReadError(head + R"({"id":9223372036854775808,"label":"a","type":"t"}]})").code,
            ErrorCode::kInvalid);
  EXPECT_EQ(ReadError(head + R"({"id":1.5,"label":"a","type":"t"}]})").code, ErrorCode::kInvalid);
  Error e = ReadError(head +
                      R"({"id":1,"label":"a","type":"t","mentions":[{"document":1,"start":0,"end":4294967296}]}]})");
  EXPECT_EQ(e.code, ErrorCode::kInvalid);
  EXPECT_NE(e.message.find("4294967295"), std::string::npos);
  EXPECT_EQ(ReadError(head + R"({"id":1,"label":"a","type":"t","mentions":[{"document":1,"start":-1,"end":4}]}]})")
                .code,
            ErrorCode::kInvalid);
  auto max = ReadGraphJson(head + R"({"id":9223372036854775807,"label":"a","type":"t","mentions":[{"document":1,"start":0,"end":4294967295}]}]})",
                           "max.json");
  ASSERT_TRUE(max.has_value()) << max.error().message;
  EXPECT_EQ(max->nodes[0].mentions[0].end, 4294967295u);
}

TEST(JsonIo, FileWriterRefusesToOverwriteUnlessAsked) {
  TempDir dir;
  const auto path = (dir / "graph.json").string();
  ASSERT_TRUE(WriteGraphJsonFile(TinyGraph(), path, false).has_value());
  EXPECT_EQ(ReadFile(path), kTinyPretty);
  auto again = WriteGraphJsonFile(GraphData{}, path, false);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kIo);
  EXPECT_NE(again.error().message.find(path), std::string::npos);
  EXPECT_EQ(ReadFile(path), kTinyPretty);
  ASSERT_TRUE(WriteGraphJsonFile(GraphData{}, path, true).has_value());
  EXPECT_NE(ReadFile(path), kTinyPretty);
  size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) ++files;
  EXPECT_EQ(files, 1u);  // no temporary left behind
  auto roundtrip = ReadGraphJsonFile(path);
  ASSERT_TRUE(roundtrip.has_value());
  auto missing = ReadGraphJsonFile((dir / "none.json").string());
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kIo);
  EXPECT_EQ(WriteGraphJsonFile(GraphData{}, (dir / "no/such/dir/g.json").string(), false)
                .error()
                .code,
            ErrorCode::kIo);
}

TEST(JsonIo, FileErrorsNameTheFile) {
  TempDir dir;
  const auto path = (dir / "bad.json").string();
  WriteFile(path, "{\n\n   oops");
  auto g = ReadGraphJsonFile(path);
  ASSERT_FALSE(g.has_value());
  EXPECT_EQ(g.error().message.rfind(path + ":3:4", 0), 0u) << g.error().message;
}

}  // namespace
}  // namespace accord::graph
