// Tests for the document reader: every refusal (binary, PDF, ZIP, PNG, ELF, UTF-16/32,
// invalid UTF-8 with its line, empty), BOM and CRLF handling, front matter and its errors,
// title fallbacks and the content hash. Bad files are written at test time into a temp dir.
#include "accord/corpus/document.hpp"
#include "../graph/graph_test_util.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace accord::corpus {
namespace {
namespace fs = std::filesystem;

class DocumentFiles : public ::testing::Test {
 protected:
  fs::path Write(const std::string& name, const std::string& bytes) {
    fs::path p = dir_ / name;
    std::ofstream out(p, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return p;
  }
  accord::graph::testing::TempDir tmp_;  // removed with the fixture
  const fs::path dir_ = tmp_.path();
};

std::string Bytes(std::initializer_list<int> list) {
  std::string s;
  for (int c : list) s += static_cast<char>(c);
  return s;
}

// The message is one sentence naming the file.
void ExpectRefusal(const Result<LoadedDocument>& r, const fs::path& file,
                   const std::string& fragment) {
  ASSERT_FALSE(r.has_value()) << "expected a refusal containing: " << fragment;
  EXPECT_NE(r.error().message.find(file.filename().string()), std::string::npos)
      << r.error().message;
  EXPECT_NE(r.error().message.find(fragment), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().message.find('\n'), std::string::npos);
}

TEST_F(DocumentFiles, RefusesPdf) {
  auto p = Write("report.md", "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n");
  auto r = LoadDocument(p);
  ExpectRefusal(r, p, "is a PDF, not text; give it a .pdf name to read it as a PDF");
  EXPECT_EQ(r.error().code, ErrorCode::kUnsupported);
}

TEST_F(DocumentFiles, RefusesZipAndDocx) {
  auto p = Write("letter.md", std::string("PK\x03\x04\x14\x00\x06\x00", 8) + "word/document.xml");
  ExpectRefusal(LoadDocument(p), p, "ZIP");
}

TEST_F(DocumentFiles, RefusesPng) {
  auto p = Write("chart.txt", std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16));
  ExpectRefusal(LoadDocument(p), p, "PNG");
}

TEST_F(DocumentFiles, RefusesElf) {
  auto p = Write("tool.txt", std::string("\x7F"
                                         "ELF\x02\x01\x01\0\0\0",
                                         10));
  ExpectRefusal(LoadDocument(p), p, "ELF");
}

TEST_F(DocumentFiles, RefusesNulBytesAsBinary) {
  auto p = Write("blob.txt", std::string("hello\nworld\0\x01\x02 more", 20));
  ExpectRefusal(LoadDocument(p), p, "binary");
}

TEST_F(DocumentFiles, RefusesUtf16WithBom) {
  auto le = Write("le.txt", Bytes({0xFF, 0xFE, 'H', 0, 'i', 0, '\n', 0}));
  ExpectRefusal(LoadDocument(le), le, "is UTF-16; save it as UTF-8");
  auto be = Write("be.txt", Bytes({0xFE, 0xFF, 0, 'H', 0, 'i', 0, '\n'}));
  ExpectRefusal(LoadDocument(be), be, "is UTF-16; save it as UTF-8");
}

TEST_F(DocumentFiles, RefusesUtf16WithoutBom) {
  std::string s;
  for (char c : std::string("The Bletchley Declaration was agreed in 2023.\n")) {
    s += c;
    s += '\0';
  }
  auto p = Write("nobom.txt", s);
  ExpectRefusal(LoadDocument(p), p, "UTF-16");
}

TEST_F(DocumentFiles, RefusesUtf32) {
  auto p = Write("wide.txt", Bytes({0xFF, 0xFE, 0, 0, 'H', 0, 0, 0}));
  ExpectRefusal(LoadDocument(p), p, "UTF-32");
}

TEST_F(DocumentFiles, RefusesInvalidUtf8NamingTheLine) {
  auto p = Write("latin1.txt", "line one\nline two\nNa\xEFve caf\xE9\n");
  ExpectRefusal(LoadDocument(p), p, "is not valid UTF-8 (line 3)");
  // CRLF and lone CR count as line ends too.
  auto q = Write("crlf.txt", "a\r\nb\rc\r\n\xC3\x28\r\n");
  ExpectRefusal(LoadDocument(q), q, "(line 4)");
}

TEST_F(DocumentFiles, RefusesOverlongAndSurrogates) {
  auto over = Write("over.txt", "ok\n\xC0\xAF\n");
  ExpectRefusal(LoadDocument(over), over, "not valid UTF-8 (line 2)");
  auto sur = Write("sur.txt", "ok\n\xED\xA0\x80\n");
  ExpectRefusal(LoadDocument(sur), sur, "not valid UTF-8 (line 2)");
  auto cut = Write("cut.txt", "ok \xE2\x80");
  ExpectRefusal(LoadDocument(cut), cut, "not valid UTF-8 (line 1)");
}

TEST_F(DocumentFiles, RefusesEmpty) {
  auto p = Write("empty.md", "");
  ExpectRefusal(LoadDocument(p), p, "is empty");
  auto q = Write("blank.md", "\xEF\xBB\xBF \n\t\r\n");
  ExpectRefusal(LoadDocument(q), q, "is empty");
}

TEST_F(DocumentFiles, RefusesUnsupportedExtension) {
  auto p = Write("page.rtf", "The Seoul Declaration\n");
  auto r = LoadDocument(p);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kUnsupported);
  EXPECT_NE(r.error().message.find("page.rtf"), std::string::npos);
}

TEST_F(DocumentFiles, MissingFileIsNotFound) {
  auto r = LoadDocument(dir_ / "nope.md");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_NE(r.error().message.find("nope.md"), std::string::npos);
}

TEST(Document, SupportedExtensionsAreCaseInsensitive) {
  EXPECT_TRUE(IsSupportedExtension("a.txt"));
  EXPECT_TRUE(IsSupportedExtension("a.MD"));
  EXPECT_TRUE(IsSupportedExtension("dir/a.Markdown"));
  EXPECT_TRUE(IsSupportedExtension("a.pdf"));
  EXPECT_TRUE(IsSupportedExtension("a.HTM"));
  EXPECT_TRUE(IsSupportedExtension("a.html"));
  EXPECT_TRUE(IsSupportedExtension("a.docx"));
  EXPECT_FALSE(IsSupportedExtension("a.doc"));
  EXPECT_FALSE(IsSupportedExtension("a.odt"));
  EXPECT_FALSE(IsSupportedExtension("README"));
  EXPECT_FALSE(IsSupportedExtension("a.md.bak"));
}

TEST_F(DocumentFiles, AcceptsUtf8BomAndKeepsBytes) {
  const std::string bytes = "\xEF\xBB\xBF# Seoul Declaration\nLeaders met in Seoul.\n";
  auto p = Write("seoul.md", bytes);
  auto r = LoadDocument(p);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->text, bytes);
  EXPECT_EQ(r->body_start, 3u);
  EXPECT_EQ(r->title, "Seoul Declaration");
  EXPECT_EQ(r->path, fs::absolute(p).lexically_normal().string());
}

TEST_F(DocumentFiles, KeepsCrlfBytesUntouched) {
  const std::string bytes =
      "---\r\ntitle: Hiroshima Process\r\nissuer: G7\r\n---\r\nBody line.\r\n";
  auto p = Write("g7.md", bytes);
  auto r = LoadDocument(p);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->text, bytes);
  EXPECT_EQ(r->title, "Hiroshima Process");
  ASSERT_EQ(r->metadata.size(), 2u);
  EXPECT_EQ(r->metadata[1].first, "issuer");
  EXPECT_EQ(r->metadata[1].second, "G7");
  EXPECT_EQ(bytes.substr(r->body_start), "Body line.\r\n");
}

TEST(Document, ParsesFrontMatter) {
  const std::string text =
      "---\n"
      "title: \"Global AI Governance Action Plan\"\n"
      "issuer:   WAIC 2025  \n"
      "date: '2025-07-26'\n"
      "# a comment\n"
      "\n"
      "kind: plan\n"
      "source: https://example.org/plan?a=1:2\n"
      "---\n"
      "# A different heading\n"
      "Text.\n";
  auto r = ParseDocument("/tmp/plan.md", text);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->title, "Global AI Governance Action Plan");
  ASSERT_EQ(r->metadata.size(), 5u);
  EXPECT_EQ(r->metadata[0],
            (std::pair<std::string, std::string>{"title", "Global AI Governance Action Plan"}));
  EXPECT_EQ(r->metadata[1].second, "WAIC 2025");
  EXPECT_EQ(r->metadata[2].second, "2025-07-26");
  EXPECT_EQ(r->metadata[3].first, "kind");
  EXPECT_EQ(r->metadata[4].second, "https://example.org/plan?a=1:2");
  EXPECT_EQ(text.substr(r->body_start), "# A different heading\nText.\n");
}

TEST(Document, FrontMatterListsJoinValues) {
  auto r =
      ParseDocument("/tmp/l.md", "---\ntitle: T\nsignatories:\n  - China\n  - France\n---\nx\n");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->metadata.size(), 2u);
  EXPECT_EQ(r->metadata[1].second, "China, France");
}

TEST(Document, MalformedFrontMatterNamesFileAndLine) {
  auto r = ParseDocument("/tmp/bad.md", "---\ntitle: Fine\nthis line has no colon\n---\nBody\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kParse);
  EXPECT_NE(r.error().message.find("bad.md"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("line 3"), std::string::npos) << r.error().message;
}

TEST(Document, UnclosedFrontMatterIsAnError) {
  auto r = ParseDocument("/tmp/open.md", "---\ntitle: Never closed\nBody text\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kParse);
  EXPECT_NE(r.error().message.find("open.md"), std::string::npos);
  EXPECT_NE(r.error().message.find("line 1"), std::string::npos) << r.error().message;
}

TEST(Document, TxtFilesHaveNoFrontMatter) {
  auto r = ParseDocument("/tmp/plain.txt", "---\nnot: metadata\n");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->metadata.empty());
  EXPECT_EQ(r->body_start, 0u);
}

TEST(Document, TitleFallsBackToHeadingThenFirstLine) {
  auto heading = ParseDocument("/tmp/a.md", "Intro line\n\n# The Seoul Declaration #\nText\n");
  ASSERT_TRUE(heading);
  EXPECT_EQ(heading->title, "The Seoul Declaration");

  auto line = ParseDocument("/tmp/b.txt", "\n\n   China, Pakistan join hands   \nMore.\n");
  ASSERT_TRUE(line);
  EXPECT_EQ(line->title, "China, Pakistan join hands");

  auto sub = ParseDocument("/tmp/c.md", "## Only a subheading\ntext\n");
  ASSERT_TRUE(sub);
  EXPECT_EQ(sub->title, "Only a subheading");

  auto fm_without_title = ParseDocument("/tmp/d.md", "---\nissuer: UN\n---\n\n# From Heading\n");
  ASSERT_TRUE(fm_without_title);
  EXPECT_EQ(fm_without_title->title, "From Heading");
}

TEST(Document, LongTitlesAreCutOnACharacterBoundary) {
  std::string line;
  for (int i = 0; i < 150; ++i) line += "é";  // 300 bytes
  auto r = ParseDocument("/tmp/long.txt", line + "\n");
  ASSERT_TRUE(r);
  EXPECT_LE(r->title.size(), 200u);
  EXPECT_GT(r->title.size(), 150u);
  EXPECT_EQ(r->title.size() % 2, 0u);  // whole two-byte characters only
}

TEST(Document, ContentHashIsStableAndSensitive) {
  EXPECT_EQ(ContentHash("abc"), ContentHash("abc"));
  EXPECT_NE(ContentHash("abc"), ContentHash("abd"));
  EXPECT_NE(ContentHash("abc"), ContentHash("abc\n"));
  EXPECT_EQ(ContentHash("").size(), 32u);
  // Frozen values: the stored hashes of existing databases depend on them.
  EXPECT_EQ(ContentHash("").substr(0, 16), "cbf29ce484222325");
  EXPECT_EQ(ContentHash("a").substr(0, 16), "af63dc4c8601ec8c");
  const std::string h = ContentHash("The Bletchley Declaration");
  EXPECT_EQ(h.find_first_not_of("0123456789abcdef"), std::string::npos);
  auto r = ParseDocument("/tmp/h.txt", "The Bletchley Declaration");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->content_hash, h);
}

TEST(Document, ValidateTextNamesTheGivenName) {
  auto s = ValidateText("ok\n\xFF\n", "notes.txt");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message, "notes.txt is not valid UTF-8 (line 2)");
  EXPECT_TRUE(ValidateText("plain text with ünïcödé\n", "x"));
}

}  // namespace
}  // namespace accord::corpus
