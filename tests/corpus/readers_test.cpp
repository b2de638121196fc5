// Tests for the PDF, HTML and DOCX readers on files made at test time (format_fixtures.hpp):
// reading order across two columns, running headers, footers and page numbers dropped, line-end
// hyphenation undone, page numbers in the provenance, headings, lists, tables and metadata, the
// same document in four formats giving the same graph, and one clear refusal for each kind of
// bad input.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <tuple>

#include "accord/corpus/document.hpp"
#include "../graph/graph_test_util.hpp"
#include "accord/corpus/ingest.hpp"
#include "accord/corpus/rules.hpp"
#include "accord/graph/store.hpp"
#include "format_fixtures.hpp"

namespace accord::corpus {
namespace {
namespace fs = std::filesystem;
using namespace testing;

class Readers : public ::testing::Test {
 protected:
  fs::path Write(const std::string& name, const std::string& bytes) {
    WriteFile(dir_ / name, bytes);
    return dir_ / name;
  }
  fs::path WriteDocx(const std::string& name, const DocxParts& parts) {
    fs::path p = dir_ / name;
    EXPECT_TRUE(WriteZip(p, parts));
    return p;
  }
  // Ingests `file` into a fresh store and returns the whole graph.
  graph::GraphData IngestOne(const fs::path& file, const std::string& db) {
    auto store = graph::Store::Open(dir_ / db);
    EXPECT_TRUE(store) << store.error().message;
    auto rules = LoadDefaultRules();
    EXPECT_TRUE(rules);
    auto report = IngestPaths(*store, {file}, **rules);
    EXPECT_TRUE(report) << report.error().message;
    if (report) {
      EXPECT_EQ(report->added, 1) << (report->skipped.empty() ? "" : report->skipped[0].reason);
    }
    auto g = store->LoadGraph();
    EXPECT_TRUE(g) << g.error().message;
    return g ? *g : graph::GraphData{};
  }
  accord::graph::testing::TempDir tmp_;  // removed with the fixture
  const fs::path dir_ = tmp_.path();
};

void ExpectRefusal(const Result<LoadedDocument>& r, const fs::path& file, const std::string& what) {
  ASSERT_FALSE(r.has_value()) << "expected a refusal containing: " << what;
  EXPECT_NE(r.error().message.find(file.filename().string()), std::string::npos)
      << r.error().message;
  EXPECT_NE(r.error().message.find(what), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().message.find('\n'), std::string::npos) << r.error().message;
}

// ---- PDF ------------------------------------------------------------------------------------

TEST_F(Readers, PdfTwoColumnsReadInOrderWithoutRunningHeadersFootersOrPageNumbers) {
  const PdfLayout pdf = ToPdf(PolicyDocument());
  ASSERT_GE(pdf.pages, 3);
  auto doc = LoadDocument(Write("policy.pdf", pdf.pdf));
  ASSERT_TRUE(doc) << doc.error().message;
  // Column by column, headings from the larger fonts, bullets as items, "gover-/nance" joined,
  // no header, footer or page number left: exactly the Markdown rendering of the document.
  EXPECT_EQ(doc->text, ToMarkdown(PolicyDocument()));
  EXPECT_EQ(doc->title, "Lakeside Accord on Artificial Intelligence");
  EXPECT_EQ(doc->page_starts.size(), static_cast<size_t>(pdf.pages));
  EXPECT_EQ(doc->page_starts[0], 0u);
  EXPECT_EQ(doc->content_hash, ContentHash(pdf.pdf));  // the file's bytes: unchanged detection
  for (size_t i = 1; i < doc->page_starts.size(); ++i)
    EXPECT_LT(doc->page_starts[i - 1], doc->page_starts[i]);
}

TEST_F(Readers, PdfPageStartsPutEveryWordOnItsPage) {
  const PdfLayout pdf = ToPdf(PolicyDocument());
  auto doc = LoadDocument(Write("policy.pdf", pdf.pdf));
  ASSERT_TRUE(doc) << doc.error().message;
  int checked = 0;
  for (const auto& [word, pages] : pdf.pages_of) {
    if (pages.size() != 1 || word.size() < 4) continue;
    // a word placed once (on one page) and found once in the text
    const size_t at = doc->text.find(word);
    if (at == std::string::npos || doc->text.find(word, at + 1) != std::string::npos) continue;
    EXPECT_EQ(graph::PageOf(doc->page_starts, static_cast<uint32_t>(at)), *pages.begin()) << word;
    ++checked;
  }
  EXPECT_GE(checked, 15);
}

TEST_F(Readers, PdfIngestKeepsPagesInProvenanceAndNoHeaderTextInTheGraph) {
  const PdfLayout pdf = ToPdf(PolicyDocument());
  graph::GraphData g = IngestOne(Write("policy.pdf", pdf.pdf), "pdf.db");
  ASSERT_EQ(g.documents.size(), 1u);
  const int64_t doc = g.documents[0].id;
  ASSERT_TRUE(g.page_starts.contains(doc));
  auto expected_page = [&](const std::string& label) {
    // the entity's last word, placed on exactly one page by the layout
    const std::string last = label.substr(label.rfind(' ') + 1);
    const auto& pages = pdf.pages_of.at(last);
    EXPECT_EQ(pages.size(), 1u) << label;
    return static_cast<uint32_t>(*pages.begin());
  };
  std::set<uint32_t> pages_seen;
  for (const std::string label :
       {"Nairobi", "UNESCO", "OECD", "International Telecommunication Union", "African Union",
        "Japan"}) {
    auto it = std::find_if(g.nodes.begin(), g.nodes.end(),
                           [&](const graph::NodeInfo& n) { return n.label == label; });
    ASSERT_NE(it, g.nodes.end()) << label;
    ASSERT_FALSE(it->mentions.empty()) << label;
    for (const graph::MentionInfo& m : it->mentions) {
      EXPECT_EQ(graph::PageAt(g, m.document, m.start), expected_page(label)) << label;
      pages_seen.insert(graph::PageAt(g, m.document, m.start));
    }
  }
  EXPECT_GE(pages_seen.size(), 2u);
  size_t evidence = 0;
  for (const graph::LinkInfo& l : g.links)
    for (const graph::EvidenceInfo& e : l.evidence) {
      const uint32_t page = graph::PageAt(g, e.document, e.start);
      EXPECT_GE(page, 1u);
      EXPECT_LE(page, static_cast<uint32_t>(pdf.pages));
      ++evidence;
    }
  EXPECT_GT(evidence, 0u);
  for (const graph::NodeInfo& n : g.nodes) {
    EXPECT_EQ(n.label.find("Lantern"), std::string::npos) << n.label;
    EXPECT_EQ(n.label.find("Geneva"), std::string::npos) << n.label;
    EXPECT_EQ(n.label.find("Consultation"), std::string::npos) << n.label;
  }
  for (const graph::LinkInfo& l : g.links)
    for (const graph::EvidenceInfo& e : l.evidence)
      EXPECT_EQ(e.text.find("Lantern"), std::string::npos) << e.text;
  // the stored text is the extracted text: every mention's offsets give back its surface form
  auto store = graph::Store::Open(dir_ / "pdf.db");
  ASSERT_TRUE(store);
  auto text = store->DocumentText(doc);
  ASSERT_TRUE(text);
  EXPECT_EQ(*text, ToMarkdown(PolicyDocument()));
  size_t mentions = 0;
  for (const graph::NodeInfo& n : g.nodes)
    for (const graph::MentionInfo& m : n.mentions) {
      const std::string surface = text->substr(m.start, m.end - m.start);
      // the name, an alias, or a short reference inside the name ("the Institute")
      const bool known = n.label.find(surface) != std::string::npos ||
                         std::find(n.aliases.begin(), n.aliases.end(), surface) != n.aliases.end();
      EXPECT_TRUE(known) << n.label << " <- " << surface;
      ++mentions;
    }
  EXPECT_GE(mentions, 20u);
}

TEST_F(Readers, PdfHyphenKeptBeforeACapitalAndWithinAWord) {
  std::vector<PdfPage> pages(1);
  pages[0].runs = {{72, 700, 10, "The Asia-Pacific forum met with the Euro-"},
                   {72, 687, 10, "Mediterranean partners on self-"},
                   {72, 674, 10, "regulation."}};
  auto doc = LoadDocument(Write("h.pdf", WritePdf(pages)));
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ(
      doc->text,
      "The Asia-Pacific forum met with the Euro-Mediterranean partners on self-regulation.\n");
}

TEST_F(Readers, PdfSingleColumnPageIsNotSplitAtWordGaps) {
  std::vector<PdfPage> pages(1);
  pages[0].runs = {{72, 700, 10, "The OECD adopted the Recommendation on Artificial Intelligence"},
                   {72, 687, 10, "in May 2019, and the G20 welcomed it the same year in Osaka."},
                   {72, 661, 10, "A second paragraph follows a blank line."}};
  auto doc = LoadDocument(Write("one.pdf", WritePdf(pages)));
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ(
      doc->text,
      "The OECD adopted the Recommendation on Artificial Intelligence in May 2019, and the "
      "G20 welcomed it the same year in Osaka.\n\nA second paragraph follows a blank line.\n");
  EXPECT_EQ(doc->page_starts, (std::vector<uint32_t>{0}));
}

TEST_F(Readers, PdfTitleFromItsInformationUnlessAWordProcessorMadeItUp) {
  std::vector<PdfPage> pages(1);
  pages[0].runs = {{72, 700, 16, "Seoul Declaration"}, {72, 670, 10, "Leaders met in Seoul."}};
  auto named =
      LoadDocument(Write("a.pdf", WritePdf(pages, 612, 792, false, "The Seoul Declaration")));
  ASSERT_TRUE(named) << named.error().message;
  EXPECT_EQ(named->title, "The Seoul Declaration");
  EXPECT_EQ(named->metadata,
            (std::vector<std::pair<std::string, std::string>>{
                {"title", "The Seoul Declaration"}, {"author", "Accord Tests"}, {"pages", "1"}}));
  EXPECT_EQ(named->text, "# Seoul Declaration\n\nLeaders met in Seoul.\n");
  auto made_up =
      LoadDocument(Write("b.pdf", WritePdf(pages, 612, 792, false, "Microsoft Word - seoul.docx")));
  ASSERT_TRUE(made_up) << made_up.error().message;
  EXPECT_EQ(made_up->title, "Seoul Declaration");
}

TEST_F(Readers, ScannedPdfWithoutTextLayerIsRefused) {
  std::vector<PdfPage> pages(2);
  pages[0].image = pages[1].image = true;
  fs::path p = Write("scan.pdf", WritePdf(pages));
  auto r = LoadDocument(p);
  ExpectRefusal(r, p, "scan.pdf has no text layer");
  EXPECT_NE(r.error().message.find("OCR"), std::string::npos);
}

TEST_F(Readers, PdfWithOnlyPageNumbersIsRefusedNotIngestedEmpty) {
  std::vector<PdfPage> pages(3);
  for (int i = 0; i < 3; ++i) pages[i].runs = {{300, 30, 9, std::to_string(i + 1)}};
  pages[1].image = true;
  fs::path p = Write("numbers.pdf", WritePdf(pages));
  ExpectRefusal(LoadDocument(p), p, "numbers.pdf has no readable text");
}

TEST_F(Readers, PasswordProtectedPdfIsRefused) {
  std::vector<PdfPage> pages(1);
  pages[0].runs = {{72, 700, 10, "Confidential text."}};
  fs::path p = Write("locked.pdf", WritePdf(pages, 612, 792, /*locked=*/true));
  auto r = LoadDocument(p);
  ExpectRefusal(r, p, "locked.pdf is an encrypted PDF that needs a password");
  ASSERT_TRUE(LoadDocument(Write("open.pdf", WritePdf(pages))));  // the same file unlocked
}

TEST_F(Readers, PdfChapterHeadersWithPageNumbersAreDroppedButBodyLinesStay) {
  // "Chapter N: Title  <page>" on top of pages that belong to one chapter (fewer than most
  // pages), and a body line at the same height on every page that only looks alike.
  std::vector<PdfPage> pages(4);
  const char* chapters[] = {"Chapter 1: Scope", "Chapter 1: Scope", "Chapter 2: Actors",
                            "Chapter 2: Actors"};
  const char* bodies[] = {"The OECD met in Paris.", "The G7 met in Hiroshima.",
                          "The African Union met in Addis Ababa.",
                          "The United Nations met in New York."};
  for (int i = 0; i < 4; ++i) {
    pages[i].runs = {{72, 760, 9, chapters[i]},
                     {520, 760, 9, std::to_string(i + 11)},
                     {72, 700, 10, "Section " + std::to_string(2 * i + 1)},
                     {72, 674, 10, bodies[i]}};
  }
  auto doc = LoadDocument(Write("chapters.pdf", WritePdf(pages)));
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ(doc->text,
            "Section 1\n\nThe OECD met in Paris.\n\nSection 3\n\nThe G7 met in Hiroshima.\n\n"
            "Section 5\n\nThe African Union met in Addis Ababa.\n\nSection 7\n\nThe United Nations "
            "met in New York.\n");
  auto at = [&](const char* s) { return static_cast<uint32_t>(doc->text.find(s)); };
  EXPECT_EQ(doc->page_starts,
            (std::vector<uint32_t>{0, at("Section 3"), at("Section 5"), at("Section 7")}));
}

TEST_F(Readers, CorruptOrMislabelledPdfIsRefused) {
  fs::path truncated = Write("cut.pdf", "%PDF-1.4\n1 0 obj\n<< /Type /Catalog");
  ExpectRefusal(LoadDocument(truncated), truncated, "is not a readable PDF");
  fs::path text = Write("notes.pdf", "Just some notes, not a PDF.\n");
  ExpectRefusal(LoadDocument(text), text, "is not a PDF");
  fs::path empty = Write("empty.pdf", "");
  ExpectRefusal(LoadDocument(empty), empty, "is empty");
}

// ---- HTML -----------------------------------------------------------------------------------

TEST_F(Readers, HtmlKeepsMainContentAsMarkdownLikeText) {
  auto doc = LoadDocument(Write("policy.html", ToHtml(PolicyDocument())));
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ(doc->text, ToMarkdown(PolicyDocument()));  // nav, header, aside, footer, script gone
  EXPECT_EQ(doc->title, "Lakeside Accord \xE2\x80\x93 full text");  // &ndash; decoded
  EXPECT_EQ(doc->metadata, (std::vector<std::pair<std::string, std::string>>{
                               {"title", "Lakeside Accord \xE2\x80\x93 full text"},
                               {"author", "Lantern Secretariat"}}));
  EXPECT_TRUE(doc->page_starts.empty());
}

TEST_F(Readers, HtmlWithoutMainUsesArticleThenBody) {
  auto article = LoadDocument(
      Write("a.htm",
            "<html><body><header>Site banner</header><div>Cookie banner text</div><article><header>"
            "<h2>Scope</h2></header><p>The Council of "
            "Europe&#39;s convention &amp; its <b>protocol</b>.</p><ol><li>first</li><li>second<ul>"
            "<li>nested</li></ul></li></ol><table><tr><th>Body</th><th>Year</th></tr><tr><td>OECD"
            "</td><td>2019</td></tr></table><template><p>hidden</p></template><p hidden>gone</p>"
            "</article></body></html>"));
  ASSERT_TRUE(article) << article.error().message;
  EXPECT_EQ(article->text,
            "## Scope\n\nThe Council of Europe's convention & its protocol.\n\n1. first\n2. "
            "second\n  - nested\n\nBody | Year\nOECD | 2019\n");
  EXPECT_EQ(article->title, "Scope");  // no <title>: the first heading
  auto body = LoadDocument(
      Write("b.html", "<p>First paragraph.<br>Same block.</p><div>Second &nbsp; block</div>"));
  ASSERT_TRUE(body) << body.error().message;
  EXPECT_EQ(body->text, "First paragraph. Same block.\n\nSecond \xC2\xA0 block\n");
}

TEST_F(Readers, HtmlThatIsNotUtf8IsReadAsWindows1252) {
  auto doc = LoadDocument(
      Write("latin.html",
            "<html><head><meta charset=\"iso-8859-1\"><title>R\xE9sum\xE9</title></head>"
            "<body><p>The \x93"
            "C\xF4te d\x92Ivoire\x94 plan \x96 2024.</p></body></html>"));
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ(doc->title, "R\xC3\xA9sum\xC3\xA9");
  EXPECT_EQ(doc->text,
            "The \xE2\x80\x9C"
            "C\xC3\xB4te d\xE2\x80\x99Ivoire\xE2\x80\x9D plan \xE2\x80\x93 2024.\n");
}

TEST_F(Readers, EmptyHtmlIsRefused) {
  fs::path p = Write("empty.html",
                     "<html><head><title>Nothing</title><script>var x = 1;</script></head>"
                     "<body><nav><a href=\"/\">Home</a></nav>  </body></html>");
  ExpectRefusal(LoadDocument(p), p, "empty.html is an HTML page with no readable text");
  fs::path zero = Write("zero.htm", "");
  ExpectRefusal(LoadDocument(zero), zero, "is empty");
}

// ---- DOCX -----------------------------------------------------------------------------------

TEST_F(Readers, DocxParagraphsHeadingsListsAndCoreMetadata) {
  auto doc = LoadDocument(WriteDocx("policy.docx", ToDocx(PolicyDocument())));
  ASSERT_TRUE(doc) << doc.error().message;
  // Title and Heading 1 styles become "#" and "##"... by level: Title is 1, Heading1 is 1 too.
  std::string expected = ToMarkdown(PolicyDocument());
  for (size_t at = 0; (at = expected.find("## ", at)) != std::string::npos;) expected.erase(at, 1);
  EXPECT_EQ(doc->text, expected);  // the deleted run never shows
  EXPECT_EQ(doc->title, "Lakeside Accord on Artificial Intelligence");
  EXPECT_EQ(doc->metadata, (std::vector<std::pair<std::string, std::string>>{
                               {"title", "Lakeside Accord on Artificial Intelligence"},
                               {"author", "Accord Tests"},
                               {"created", "2025-03-12T09:00:00Z"}}));
}

TEST_F(Readers, DocxNumberedListsTablesAndOutlineLevels) {
  DocxParts parts = ToDocx({});
  parts.files.erase("docProps/core.xml");
  const std::string numbered =
      "<w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"2\"/></w:numPr></w:pPr>";
  parts.files["word/document.xml"] =
      std::string("<w:document ") + kWordNs + "><w:body>" +
      "<w:p><w:pPr><w:pStyle w:val=\"Heading2\"/></w:pPr><w:r><w:t>Measures</w:t></w:r></w:p>"
      "<w:p>" +
      numbered +
      "<w:r><w:t>first</w:t></w:r></w:p>"
      "<w:p>" +
      numbered +
      "<w:r><w:t>second</w:t><w:tab/><w:t>part</w:t></w:r></w:p>"
      "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Body</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>"
      "Year</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:hyperlink><w:r><w:t>OECD</w:t>"
      "</w:r></w:hyperlink></w:p></w:tc><w:tc><w:p><w:r><w:t>2019</w:t></w:r></w:p></w:tc></w:tr>"
      "</w:tbl><w:p><w:pPr><w:outlineLvl w:val=\"2\"/></w:pPr><w:r><w:t>Annex</w:t></w:r></w:p>"
      "<w:p><w:r><w:t xml:space=\"preserve\">Caf\xC3\xA9 &amp; more</w:t></w:r></w:p>"
      "</w:body></w:document>";
  auto doc = LoadDocument(WriteDocx("n.docx", parts));
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ(doc->text,
            "## Measures\n\n1. first\n2. second part\n\nBody | Year\nOECD | 2019\n\n### Annex\n\n"
            "Caf\xC3\xA9 & more\n");
  EXPECT_EQ(doc->title, "Measures");
}

TEST_F(Readers, ZipThatIsNotDocxAndBrokenDocxAreRefused) {
  DocxParts other;
  other.files["content.xml"] = "<office:document/>";
  fs::path odt = WriteDocx("odt-renamed.docx", other);
  ExpectRefusal(LoadDocument(odt), odt, "is a ZIP archive but not a Word document");
  DocxParts broken = ToDocx(PolicyDocument());
  broken.files["word/document.xml"] = "<w:document><w:body><w:p>";
  fs::path bad = WriteDocx("broken.docx", broken);
  ExpectRefusal(LoadDocument(bad), bad, "word/document.xml is not well-formed XML");
  fs::path text = Write("plain.docx", "plain text\n");
  ExpectRefusal(LoadDocument(text), text, "is not a Word document");
  fs::path cut = Write("cut.docx", std::string("PK\x03\x04\x14\x00", 6));
  ExpectRefusal(LoadDocument(cut), cut, "is not a Word document: it is not a readable ZIP");
}

// ---- the same document in four formats -------------------------------------------------------

TEST_F(Readers, SameDocumentAsPdfHtmlDocxAndMarkdownGivesTheSameGraph) {
  using Entities = std::set<std::pair<std::string, std::string>>;
  using Relations = std::set<std::tuple<std::string, std::string, std::string>>;
  auto sets = [](const graph::GraphData& g) {
    Entities entities;
    Relations relations;
    std::map<int64_t, std::string> label;
    for (const graph::NodeInfo& n : g.nodes) {
      entities.insert({n.label, n.type});
      label[n.id] = n.label;
    }
    for (const graph::LinkInfo& l : g.links)
      relations.insert({label[l.source], l.type, label[l.target]});
    return std::pair(entities, relations);
  };
  const auto doc = PolicyDocument();
  const auto md = sets(IngestOne(Write("policy.md", ToMarkdown(doc)), "md.db"));
  const auto pdf = sets(IngestOne(Write("policy.pdf", ToPdf(doc).pdf), "pdf.db"));
  const auto html = sets(IngestOne(Write("policy.html", ToHtml(doc)), "html.db"));
  const auto docx = sets(IngestOne(WriteDocx("policy.docx", ToDocx(doc)), "docx.db"));
  EXPECT_GE(md.first.size(), 15u);
  EXPECT_GE(md.second.size(), 5u);
  EXPECT_TRUE(md.first.contains({"Lakeside AI Safety Institute", "organization"}));
  EXPECT_EQ(pdf.first, md.first);
  EXPECT_EQ(pdf.second, md.second);
  EXPECT_EQ(html.first, md.first);
  EXPECT_EQ(html.second, md.second);
  EXPECT_EQ(docx.first, md.first);
  EXPECT_EQ(docx.second, md.second);
}

TEST_F(Readers, IngestOfAFolderReadsEveryFormatAndNamesWhatItSkips) {
  const auto doc = PolicyDocument();
  Write("in/a.md", ToMarkdown(doc));
  Write("in/b.pdf", ToPdf(doc).pdf);
  Write("in/c.htm", ToHtml(doc));
  EXPECT_TRUE(WriteZip(dir_ / "in/d.docx", ToDocx(doc)));
  std::vector<PdfPage> scanned(1);
  scanned[0].image = true;
  Write("in/e-scan.pdf", WritePdf(scanned));
  auto store = graph::Store::Open(dir_ / "all.db");
  ASSERT_TRUE(store) << store.error().message;
  auto rules = LoadDefaultRules();
  ASSERT_TRUE(rules);
  auto report = IngestPaths(*store, {dir_ / "in"}, **rules);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->added, 4);
  ASSERT_EQ(report->skipped.size(), 1u);
  EXPECT_NE(report->skipped[0].reason.find("e-scan.pdf has no text layer"), std::string::npos)
      << report->skipped[0].reason;
  // unchanged files are recognised by their bytes, not by the extracted text
  auto again = IngestPaths(*store, {dir_ / "in"}, **rules);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->unchanged, 4);
  EXPECT_EQ(again->added, 0);
}

}  // namespace
}  // namespace accord::corpus
