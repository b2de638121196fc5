// Export formats: exact escaping (XML, CSV), golden CSV and GraphML fragments, the JSON formats'
// structure, byte-stable output, format names, and the atomic file write (refuses an existing
// file, replaces it only when allowed, leaves nothing behind when the writer fails).
#include "accord/graph/export_formats.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "graph_test_util.hpp"

namespace accord::graph {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::TempDir;

// Two documents, three nodes with awkward text, a stated link, a parallel link, a co-occurrence
// link and a self-loop.
GraphData Awkward() {
  GraphData g;
  g.documents.push_back({1, "/d/a.md", "A & B <Accord>", {{"issuer", "X"}}, "h1"});
  g.documents.push_back({2, "/d/b.md", "", {}, "h2"});
  g.nodes.push_back({3, "Tom \"T\" & Jerry's <Co>", "organization", {"T&J", "a,b"}, {1, 2},
                     {{1, 0, 5}, {2, 3, 8}}});
  g.nodes.push_back({5, "Line\nbreak\x01here", "country", {}, {1}, {{1, 10, 14}}});
  g.nodes.push_back({9, "Plain", "policy", {}, {}, {}});
  g.links.push_back({1, 3, 5, "proposed", RelationKind::kStated,
                     {{1, 0, 20, "Tom \"T\" proposed, it\nsaid."}, {2, 0, 9, "Again."}}});
  g.links.push_back({2, 3, 5, "proposed", RelationKind::kStated, {}});
  g.links.push_back({4, 5, 9, "cooccurs", RelationKind::kCooccurrence, {}});
  g.links.push_back({7, 9, 9, "amends", RelationKind::kStated, {}});
  return g;
}

std::string Write(const std::function<Status(std::ostream&)>& fn) {
  std::ostringstream out;
  EXPECT_TRUE(fn(out).has_value());
  return out.str();
}

TEST(ExportFormats, XmlEscapeCoversMarkupQuotesAndControlCharacters) {
  EXPECT_EQ(XmlEscape("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
  EXPECT_EQ(XmlEscape("x\ny\tz\rw"), "x&#10;y&#9;z&#13;w");
  EXPECT_EQ(XmlEscape(std::string("a\x01\x1f\x7f" "b", 5)), "ab");
  EXPECT_EQ(XmlEscape("Côte d’Ivoire"), "Côte d’Ivoire");
}

TEST(ExportFormats, CsvFieldQuotesOnlyWhenNeeded) {
  EXPECT_EQ(CsvField("plain text"), "plain text");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvField("cr\r"), "\"cr\r\"");
  EXPECT_EQ(CsvField(""), "");
}

TEST(ExportFormats, CsvNodesAndEdgesAreExact) {
  const GraphData g = Awkward();
  EXPECT_EQ(Write([&](std::ostream& o) { return WriteCsvNodes(g, o); }),
            "id,label,type,aliases,degree,documents,mention_count\r\n"
            "3,\"Tom \"\"T\"\" & Jerry's <Co>\",organization,\"T&J; a,b\",2,"
            "A & B <Accord>; /d/b.md,2\r\n"
            "5,\"Line\nbreak\x01here\",country,,3,A & B <Accord>,1\r\n"
            "9,Plain,policy,,2,,0\r\n");
  EXPECT_EQ(Write([&](std::ostream& o) { return WriteCsvEdges(g, o); }),
            "id,source,target,source_label,target_label,type,kind,evidence_count,"
            "evidence_documents,evidence\r\n"
            "1,3,5,\"Tom \"\"T\"\" & Jerry's <Co>\",\"Line\nbreak\x01here\",proposed,stated,2,"
            "A & B <Accord>; /d/b.md,\"Tom \"\"T\"\" proposed, it\nsaid. | Again.\"\r\n"
            "2,3,5,\"Tom \"\"T\"\" & Jerry's <Co>\",\"Line\nbreak\x01here\",proposed,stated,0,,\r\n"
            "4,5,9,\"Line\nbreak\x01here\",Plain,cooccurs,cooccurrence,0,,\r\n"
            "7,9,9,Plain,Plain,amends,stated,0,,\r\n");
}

TEST(ExportFormats, GraphmlDeclaresEveryKeyAndEscapes) {
  const std::string x = Write([&](std::ostream& o) { return WriteGraphml(Awkward(), o); });
  for (const char* key : {"label", "type", "aliases", "degree", "documents", "mention_count",
                          "relation", "kind", "evidence", "evidence_documents", "evidence_count"})
    EXPECT_NE(x.find(std::string("<key id=\"") + key + "\""), std::string::npos) << key;
  // Every <data key=…> used is declared.
  for (size_t p = x.find("<data key=\""); p != std::string::npos; p = x.find("<data key=\"", p + 1)) {
    const size_t q = x.find('"', p + 11);
    EXPECT_NE(x.find("<key id=\"" + x.substr(p + 11, q - p - 11) + "\""), std::string::npos);
  }
  EXPECT_NE(x.find("<data key=\"label\">Tom &quot;T&quot; &amp; Jerry&apos;s &lt;Co&gt;</data>"),
            std::string::npos);
  EXPECT_NE(x.find("<data key=\"label\">Line&#10;breakhere</data>"), std::string::npos);
  EXPECT_NE(x.find("<edge id=\"e2\" source=\"n3\" target=\"n5\">"), std::string::npos);
  EXPECT_NE(x.find("<data key=\"kind\">cooccurrence</data>"), std::string::npos);
  EXPECT_NE(x.find("<data key=\"evidence\">Tom &quot;T&quot; proposed, it&#10;said.&#10;Again.</data>"),
            std::string::npos);
  EXPECT_EQ(x.find('\x01'), std::string::npos);
}

TEST(ExportFormats, GexfIsVersion13WithAttributes) {
  const std::string x = Write([&](std::ostream& o) { return WriteGexf(Awkward(), o); });
  EXPECT_NE(x.find("<gexf xmlns=\"http://gexf.net/1.3\""), std::string::npos);
  EXPECT_NE(x.find("version=\"1.3\">"), std::string::npos);
  EXPECT_NE(x.find("<node id=\"3\" label=\"Tom &quot;T&quot; &amp; Jerry&apos;s &lt;Co&gt;\">"),
            std::string::npos);
  EXPECT_NE(x.find("<edge id=\"4\" source=\"5\" target=\"9\" label=\"cooccurs\">"), std::string::npos);
  EXPECT_NE(x.find("<attvalue for=\"kind\" value=\"cooccurrence\"/>"), std::string::npos);
  EXPECT_NE(x.find("<attvalue for=\"degree\" value=\"3\"/>"), std::string::npos);
}

TEST(ExportFormats, CytoscapeJsonHasStringIdsAndKindClasses) {
  const std::string text = Write([&](std::ostream& o) { return WriteCytoscapeJson(Awkward(), o, false); });
  rapidjson::Document d;
  d.Parse(text.c_str(), text.size());
  ASSERT_FALSE(d.HasParseError());
  const auto& nodes = d["elements"]["nodes"];
  const auto& edges = d["elements"]["edges"];
  ASSERT_EQ(nodes.Size(), 3u);
  ASSERT_EQ(edges.Size(), 4u);
  EXPECT_STREQ(nodes[0]["data"]["id"].GetString(), "n3");
  EXPECT_STREQ(nodes[0]["data"]["label"].GetString(), "Tom \"T\" & Jerry's <Co>");
  EXPECT_STREQ(nodes[0]["classes"].GetString(), "organization");
  EXPECT_EQ(nodes[1]["data"]["degree"].GetInt(), 3);
  EXPECT_STREQ(edges[2]["data"]["id"].GetString(), "e4");
  EXPECT_STREQ(edges[2]["classes"].GetString(), "cooccurrence");
  EXPECT_STREQ(edges[0]["data"]["evidence"][0]["document_title"].GetString(), "A & B <Accord>");
  EXPECT_STREQ(edges[0]["data"]["evidence"][1]["document_title"].GetString(), "/d/b.md");
  EXPECT_EQ(d["data"]["documents"].Size(), 2u);
}

TEST(ExportFormats, JgfNodesAreKeyedByIdAndEdgesCarryRelation) {
  const std::string text = Write([&](std::ostream& o) { return WriteJgf(Awkward(), o, true); });
  rapidjson::Document d;
  d.Parse(text.c_str(), text.size());
  ASSERT_FALSE(d.HasParseError());
  const auto& g = d["graph"];
  EXPECT_TRUE(g["directed"].GetBool());
  ASSERT_TRUE(g["nodes"].IsObject());
  EXPECT_STREQ(g["nodes"]["5"]["label"].GetString(), "Line\nbreak\x01here");
  EXPECT_STREQ(g["nodes"]["9"]["metadata"]["type"].GetString(), "policy");
  ASSERT_EQ(g["edges"].Size(), 4u);
  EXPECT_STREQ(g["edges"][3]["source"].GetString(), "9");
  EXPECT_STREQ(g["edges"][3]["relation"].GetString(), "amends");
  EXPECT_STREQ(g["edges"][2]["metadata"]["kind"].GetString(), "cooccurrence");
}

TEST(ExportFormats, EveryFormatIsByteStable) {
  const GraphData g = Awkward();
  for (ExportFormat f : {ExportFormat::kD3, ExportFormat::kCytoscape, ExportFormat::kJgf,
                         ExportFormat::kGraphml, ExportFormat::kGexf}) {
    const std::string a = Write([&](std::ostream& o) { return WriteGraphAs(g, f, o); });
    const std::string b = Write([&](std::ostream& o) { return WriteGraphAs(g, f, o); });
    EXPECT_EQ(a, b) << ExportFormatName(f);
    EXPECT_FALSE(a.empty());
  }
  std::ostringstream out;
  EXPECT_FALSE(WriteGraphAs(g, ExportFormat::kCsv, out).has_value());
}

TEST(ExportFormats, EmptyGraphGivesWellFormedOutput) {
  const GraphData g;
  EXPECT_EQ(Write([&](std::ostream& o) { return WriteCsvNodes(g, o); }),
            "id,label,type,aliases,degree,documents,mention_count\r\n");
  const std::string x = Write([&](std::ostream& o) { return WriteGraphml(g, o); });
  EXPECT_NE(x.find("<graph id=\"accord\" edgedefault=\"directed\">\n  </graph>\n</graphml>\n"),
            std::string::npos);
}

TEST(ExportFormats, NamesParseAndRoundTrip) {
  for (const char* name : {"d3", "cytoscape", "jgf", "graphml", "gexf", "csv"}) {
    auto f = ParseExportFormat(name);
    ASSERT_TRUE(f.has_value()) << name;
    EXPECT_STREQ(ExportFormatName(*f), name);
  }
  EXPECT_FALSE(ParseExportFormat("GraphML").has_value());
  EXPECT_FALSE(ParseExportFormat("").has_value());
  EXPECT_EQ(CsvExportPaths("out/g"), std::make_pair(std::string("out/g.nodes.csv"),
                                                    std::string("out/g.edges.csv")));
  EXPECT_EQ(CsvExportPaths("g.csv").first, "g.nodes.csv");
}

TEST(AtomicWrite, RefusesAnExistingFileAndKeepsIt) {
  TempDir dir;
  const fs::path file = dir.path() / "out.graphml";
  std::ofstream(file) << "precious";
  auto st = WriteFileAtomically(file.string(), false,
                                [](std::ostream& o) { o << "new"; return Status{}; },
                                "add --force to replace it");
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().message, file.string() + " already exists; add --force to replace it");
  EXPECT_EQ(ReadFile(file), "precious");
  ASSERT_TRUE(WriteFileAtomically(file.string(), true,
                                  [](std::ostream& o) { o << "new"; return Status{}; })
                  .has_value());
  EXPECT_EQ(ReadFile(file), "new");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
}

TEST(AtomicWrite, AFailedWriterLeavesNoFileAndNoTemporary) {
  TempDir dir;
  const fs::path file = dir.path() / "out.json";
  auto failing = [](std::ostream& o) {
    o << "half a fi";  // written, then the writer gives up (as an interrupted export would)
    return Status(Fail(ErrorCode::kCancelled, "stopped"));
  };
  auto st = WriteFileAtomically(file.string(), false, failing);
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().code, ErrorCode::kCancelled);
  EXPECT_FALSE(fs::exists(file));
  EXPECT_TRUE(fs::is_empty(dir.path()));
  // Replacing: the old file survives a failed write untouched.
  std::ofstream(file) << "old";
  EXPECT_FALSE(WriteFileAtomically(file.string(), true, failing).has_value());
  EXPECT_EQ(ReadFile(file), "old");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
}

TEST(AtomicWrite, WhileWritingTheTargetNameIsUntouched) {
  TempDir dir;
  const fs::path file = dir.path() / "brief.html";
  std::ofstream(file) << "old";
  bool checked = false;
  ASSERT_TRUE(WriteFileAtomically(file.string(), true, [&](std::ostream& o) {
                o << "new content";
                o.flush();
                // Mid-write the user's file still holds the old bytes; the new ones are in a
                // hidden temporary in the same folder.
                EXPECT_EQ(ReadFile(file), "old");
                size_t temps = 0;
                for (const auto& e : fs::directory_iterator(dir.path()))
                  temps += e.path().filename().string().starts_with(".brief.html.tmp-");
                EXPECT_EQ(temps, 1u);
                checked = true;
                return Status{};
              }).has_value());
  EXPECT_TRUE(checked);
  EXPECT_EQ(ReadFile(file), "new content");
}

TEST(AtomicWrite, AMissingFolderIsOneClearSentence) {
  TempDir dir;
  const std::string file = (dir.path() / "no/such/dir/g.json").string();
  auto st = WriteFileAtomically(file, false, [](std::ostream&) { return Status{}; });
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().code, ErrorCode::kIo);
  EXPECT_NE(st.error().message.find("cannot create a file in"), std::string::npos);
  EXPECT_EQ(st.error().message.find('\n'), std::string::npos);
}

}  // namespace
}  // namespace accord::graph
