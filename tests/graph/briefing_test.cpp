// Briefings: paragraph numbering, statements written from relation types with their citation
// and quote, list statements, article use, page citations when a reader knows pages, the
// Markdown and HTML renderings (one standalone file with an inline SVG) and determinism.
#include "accord/graph/briefing.hpp"

#include <gtest/gtest.h>

#include <map>
#include <sstream>

namespace accord::graph {
namespace {

TEST(Briefing, ParagraphsSkipFrontMatterAndHeadingsAndCountListItems) {
  const std::string text =
      "---\ntitle: T\n---\n# Title\n\nFirst para\ncontinues here.\n\n## Section\n"
      "Second para.\n\nList intro:\n\n1. one;\n2. two;\n- three\n\nLast.\n";
  const auto starts = ParagraphStarts(text);
  ASSERT_EQ(starts.size(), 7u);
  EXPECT_EQ(text.substr(starts[0], 10), "First para");
  EXPECT_EQ(text.substr(starts[1], 11), "Second para");
  EXPECT_EQ(text.substr(starts[2], 10), "List intro");
  EXPECT_EQ(text.substr(starts[3], 6), "1. one");
  EXPECT_EQ(text.substr(starts[4], 6), "2. two");
  EXPECT_EQ(text.substr(starts[5], 7), "- three");
  EXPECT_EQ(text.substr(starts[6], 5), "Last.");
  EXPECT_EQ(ParagraphAt(starts, static_cast<uint32_t>(text.find("continues"))), 1u);
  EXPECT_EQ(ParagraphAt(starts, static_cast<uint32_t>(text.find("two"))), 5u);
  EXPECT_EQ(ParagraphAt(starts, 0), 0u);
  EXPECT_TRUE(ParagraphStarts("").empty());
  EXPECT_EQ(ParagraphStarts("no front matter\nat all").size(), 1u);
}

// A little corpus: China proposed the Initiative; the Plan includes three measures and builds
// on the Initiative; the Plan was released on a date.
struct Fixture {
  std::map<int64_t, std::string> texts;
  GraphData g;

  Fixture() {
    const std::string a =
        "---\ntitle: Initiative\nissuer: China\ndate: 2023-10-18\n---\n# Initiative\n\n"
        "Intro.\n\nChina proposed the Global AI Governance Initiative in October 2023.\n";
    const std::string b =
        "# Plan\n\nThe Plan builds on the Global AI Governance Initiative.\n\n"
        "Its measures:\n\n1. Alpha measure;\n2. Beta measure;\n3. Gamma measure.\n\n"
        "The Global AI Governance Action Plan was released on 26 July 2025.\n";
    texts = {{1, a}, {2, b}};
    g.documents = {{1, "/c/a.md", "Global AI Governance Initiative",
                    {{"issuer", "China"}, {"date", "2023-10-18"}}, "h"},
                   {2, "/c/b.md", "Global AI Governance Action Plan", {}, "h"}};
    auto node = [&](int64_t id, std::string label, std::string type) {
      g.nodes.push_back({id, std::move(label), std::move(type), {}, {1}, {}});
    };
    node(1, "China", "country");
    node(2, "Global AI Governance Initiative", "initiative");
    node(3, "Global AI Governance Action Plan", "plan");
    node(4, "Alpha measure", "measure");
    node(5, "Beta measure", "measure");
    node(6, "Gamma measure", "measure");
    node(7, "26 July 2025", "date");
    auto span = [&](int64_t doc, const std::string& s) {
      const std::string& t = texts[doc];
      const auto at = static_cast<uint32_t>(t.find(s));
      return EvidenceInfo{doc, at, at + static_cast<uint32_t>(s.size()), s};
    };
    g.links.push_back({1, 1, 2, "proposed", RelationKind::kStated,
                       {span(1, "China proposed the Global AI Governance Initiative in October 2023.")}});
    g.links.push_back({2, 3, 2, "builds_on", RelationKind::kStated,
                       {span(2, "The Plan builds on the Global AI Governance Initiative.")}});
    g.links.push_back({3, 3, 4, "includes", RelationKind::kStated, {span(2, "1. Alpha measure;")}});
    g.links.push_back({4, 3, 5, "includes", RelationKind::kStated, {span(2, "2. Beta measure;")}});
    g.links.push_back({5, 3, 6, "includes", RelationKind::kStated, {span(2, "3. Gamma measure.")}});
    g.links.push_back({6, 3, 7, "released_on", RelationKind::kStated,
                       {span(2, "The Global AI Governance Action Plan was released on 26 July 2025.")}});
    g.links.push_back({7, 1, 7, "cooccurs", RelationKind::kCooccurrence, {}});
  }

  BriefingOptions Options() const {
    BriefingOptions o;
    o.document_text = [this](int64_t d) {
      auto it = texts.find(d);
      return it == texts.end() ? std::string() : it->second;
    };
    o.layout_ticks = 100;
    return o;
  }
};

const BriefingStatement* Find(const Briefing& b, std::string_view prefix) {
  for (const auto& s : b.statements)
    if (s.sentence.starts_with(prefix)) return &s;
  return nullptr;
}

TEST(Briefing, StatementsReadAsSentencesWithCitationAndQuote) {
  Fixture f;
  const int64_t focus[] = {3};
  const Briefing b = BuildBriefing(f.g, focus, f.Options());
  EXPECT_EQ(b.title, "Global AI Governance Action Plan");
  const auto* proposed = Find(b, "China proposed");
  ASSERT_NE(proposed, nullptr);
  EXPECT_EQ(proposed->sentence, "China proposed the Global AI Governance Initiative.");
  EXPECT_EQ(proposed->quote, "China proposed the Global AI Governance Initiative in October 2023.");
  ASSERT_EQ(proposed->citations.size(), 1u);
  EXPECT_EQ(proposed->citations[0], (Citation{1, 2, std::nullopt}));
  EXPECT_EQ(CitationText(proposed->citations[0], "Global AI Governance Initiative"),
            "Global AI Governance Initiative, para. 2");

  const auto* builds = Find(b, "The Global AI Governance Action Plan builds");
  ASSERT_NE(builds, nullptr);
  EXPECT_EQ(builds->sentence,
            "The Global AI Governance Action Plan builds on the Global AI Governance Initiative.");
  EXPECT_EQ(builds->citations[0], (Citation{2, 1, std::nullopt}));

  const auto* released = Find(b, "The Global AI Governance Action Plan was released");
  ASSERT_NE(released, nullptr);
  EXPECT_EQ(released->sentence, "The Global AI Governance Action Plan was released on 26 July 2025.");
  EXPECT_EQ(released->citations[0].paragraph, 6u);

  const auto* list = Find(b, "The Global AI Governance Action Plan includes");
  ASSERT_NE(list, nullptr);
  EXPECT_EQ(list->sentence, "The Global AI Governance Action Plan includes three measures:");
  EXPECT_EQ(list->items, (std::vector<std::string>{"Alpha measure", "Beta measure", "Gamma measure"}));
  EXPECT_TRUE(list->quote.empty());
  EXPECT_EQ(list->citations.size(), 3u);
  // Focus statements come first; co-occurrence links are never written as statements.
  EXPECT_EQ(b.statements.size(), 4u);
  EXPECT_EQ(b.statements.back().sentence, "China proposed the Global AI Governance Initiative.");
}

TEST(Briefing, RelationsFromOneSentenceBecomeOneStatement) {
  GraphData g;
  g.documents = {{1, "/x.md", "Initiative", {}, "h"}};
  const std::string q = "In July 2025 China released the Plan at the Conference in Shanghai.";
  g.nodes = {{1, "China", "country", {}, {1}, {}},
             {2, "Plan", "plan", {}, {1}, {}},
             {3, "Conference", "event", {}, {1}, {}},
             {4, "Shanghai", "place", {}, {1}, {}},
             {5, "July 2025", "date", {}, {1}, {}},
             {6, "six", "number", {}, {1}, {}}};
  const EvidenceInfo e{1, 0, static_cast<uint32_t>(q.size()), q};
  g.links = {{1, 1, 2, "released", RelationKind::kStated, {e}},
             {2, 2, 3, "released_at", RelationKind::kStated, {e}},
             {3, 2, 4, "released_in", RelationKind::kStated, {e}},
             {4, 2, 5, "released_on", RelationKind::kStated, {e}},
             {5, 2, 6, "has_count", RelationKind::kStated, {e}}};
  const int64_t focus[] = {2};
  BriefingOptions o;
  o.document_text = [&](int64_t) { return q; };
  o.layout_ticks = 50;
  const Briefing b = BuildBriefing(g, focus, o);
  ASSERT_EQ(b.statements.size(), 1u);
  EXPECT_EQ(b.statements[0].sentence,
            "China released the Plan at the Conference, in Shanghai and in July 2025.");
  EXPECT_EQ(b.statements[0].quote, q);
  EXPECT_EQ(b.statements[0].links, (std::vector<int64_t>{1, 2, 3, 4}));
  // The bare count "six" is left out of the briefing's entities.
  EXPECT_EQ(b.graph.nodes.size(), 5u);
  EXPECT_EQ(b.graph.links.size(), 4u);
}

TEST(Briefing, GroupsSourcesAndOverview) {
  Fixture f;
  const int64_t focus[] = {3};
  const Briefing b = BuildBriefing(f.g, focus, f.Options());
  ASSERT_FALSE(b.groups.empty());
  EXPECT_EQ(b.groups[0].heading, "Plans");  // the focus's type first
  EXPECT_EQ(b.groups[1].heading, "Measures");
  EXPECT_EQ(b.groups[1].nodes.size(), 3u);
  ASSERT_EQ(b.sources.size(), 2u);
  EXPECT_EQ(b.sources[0].title, "Global AI Governance Action Plan");  // first cited first
  EXPECT_EQ(b.sources[1].issuer, "China");
  EXPECT_EQ(b.sources[1].date, "18 October 2023");
  EXPECT_EQ(b.sources[1].file, "a.md");
  EXPECT_NE(b.overview.find("The Global AI Governance Action Plan is a plan."), std::string::npos);
  EXPECT_NE(b.overview.find("three measures"), std::string::npos);
  EXPECT_EQ(b.scope,
            "Entities within one hop of the Global AI Governance Action Plan and the relations "
            "the documents state between them, drawn from two documents.");
}

TEST(Briefing, PagesAreCitedWhenTheReaderKnowsThem) {
  Fixture f;
  BriefingOptions o = f.Options();
  o.page_of = [](int64_t doc, uint32_t) -> std::optional<uint32_t> {
    return doc == 1 ? std::optional<uint32_t>(4) : std::nullopt;
  };
  const int64_t focus[] = {1};
  const Briefing b = BuildBriefing(f.g, focus, o);
  const auto* proposed = Find(b, "China proposed");
  ASSERT_NE(proposed, nullptr);
  EXPECT_EQ(proposed->citations[0], (Citation{1, 2, 4u}));
  EXPECT_EQ(CitationText(proposed->citations[0], "T"), "T, p. 4, para. 2");
  std::ostringstream md;
  ASSERT_TRUE(WriteBriefingMarkdown(b, md).has_value());
  EXPECT_NE(md.str().find("*Global AI Governance Initiative*, p. 4, para. 2 [1]"), std::string::npos)
      << md.str();
}

// Without a page_of callback the pages come from the graph itself (a PDF's page starts, as
// Store::LoadGraph loads them): the evidence on the second page is cited "p. 2".
TEST(Briefing, PagesComeFromTheGraphsPageStarts) {
  Fixture f;
  const int64_t focus[] = {1};
  const Briefing before = BuildBriefing(f.g, focus, f.Options());
  const auto* plain = Find(before, "China proposed");
  ASSERT_NE(plain, nullptr);
  EXPECT_EQ(plain->citations[0].page, std::nullopt);
  uint32_t start = 0;
  for (const LinkInfo& l : f.g.links)
    for (const EvidenceInfo& e : l.evidence)
      if (e.document == 1 && e.text.find("proposed") != std::string::npos) start = e.start;
  ASSERT_GT(start, 0u);
  f.g.page_starts[1] = {0, start};
  const Briefing b = BuildBriefing(f.g, focus, f.Options());
  const auto* proposed = Find(b, "China proposed");
  ASSERT_NE(proposed, nullptr);
  EXPECT_EQ(proposed->citations[0].page, std::optional<uint32_t>(2));
}

TEST(Briefing, MarkdownHasTitleStatementsQuotesAndSources) {
  Fixture f;
  const int64_t focus[] = {3};
  std::ostringstream md;
  ASSERT_TRUE(WriteBriefingMarkdown(BuildBriefing(f.g, focus, f.Options()), md).has_value());
  const std::string s = md.str();
  EXPECT_TRUE(s.starts_with("# Global AI Governance Action Plan\n")) << s;
  EXPECT_NE(s.find("## Key relations"), std::string::npos);
  EXPECT_NE(s.find("   - Beta measure\n"), std::string::npos);
  EXPECT_NE(s.find("   > \u201cThe Plan builds on the Global AI Governance Initiative.\u201d"),
            std::string::npos);
  EXPECT_NE(s.find("\u2014 *Global AI Governance Action Plan*, paras. 3\u20135 [1]"), std::string::npos) << s;
  EXPECT_NE(s.find("## Sources\n\n1. *Global AI Governance Action Plan*"), std::string::npos);
  EXPECT_NE(s.find("2. *Global AI Governance Initiative*. China, 18 October 2023. File `a.md`."),
            std::string::npos);
}

TEST(Briefing, HtmlIsOneStandaloneFileWithAnInlineSvg) {
  Fixture f;
  f.g.nodes[3].label = "Alpha <b>&\"measure\"";  // markup in a label stays text
  const int64_t focus[] = {3};
  std::ostringstream html;
  ASSERT_TRUE(WriteBriefingHtml(BuildBriefing(f.g, focus, f.Options()), html).has_value());
  const std::string s = html.str();
  EXPECT_TRUE(s.starts_with("<!DOCTYPE html>"));
  EXPECT_NE(s.find("<style>"), std::string::npos);
  EXPECT_NE(s.find("<svg xmlns=\"http://www.w3.org/2000/svg\""), std::string::npos);
  EXPECT_EQ(s.find("<b>"), std::string::npos);
  EXPECT_NE(s.find("Alpha &lt;b&gt;&amp;&quot;measure&quot;"), std::string::npos);
  // No external resource: no src/href to another file, no stylesheet link, no url() but the
  // SVG's own marker.
  EXPECT_EQ(s.find(" src="), std::string::npos);
  EXPECT_EQ(s.find("<link"), std::string::npos);
  EXPECT_EQ(s.find("<script"), std::string::npos);
  EXPECT_EQ(s.find("@import"), std::string::npos);
  for (size_t p = s.find("href=\""); p != std::string::npos; p = s.find("href=\"", p + 1))
    EXPECT_EQ(s[p + 6], '#') << s.substr(p, 40);
  for (size_t p = s.find("url("); p != std::string::npos; p = s.find("url(", p + 1))
    EXPECT_EQ(s.substr(p, 11), "url(#arrow)");
  // Every node is drawn; labels of this small graph all fit.
  size_t circles = 0, texts = 0;
  for (size_t p = s.find("<circle"); p != std::string::npos; p = s.find("<circle", p + 1)) ++circles;
  for (size_t p = s.find("<text"); p != std::string::npos; p = s.find("<text", p + 1)) ++texts;
  EXPECT_EQ(circles, f.g.nodes.size());
  EXPECT_EQ(texts, f.g.nodes.size());
}

TEST(Briefing, SameInputGivesSameBytes) {
  Fixture f;
  const int64_t focus[] = {3};
  std::ostringstream a, b;
  ASSERT_TRUE(WriteBriefingHtml(BuildBriefing(f.g, focus, f.Options()), a).has_value());
  ASSERT_TRUE(WriteBriefingHtml(BuildBriefing(f.g, focus, f.Options()), b).has_value());
  EXPECT_EQ(a.str(), b.str());
}

TEST(Briefing, EmptyGraphStillWritesAWholeDocument) {
  const GraphData g;
  const Briefing b = BuildBriefing(g, {}, BriefingOptions{});
  std::ostringstream md, html;
  ASSERT_TRUE(WriteBriefingMarkdown(b, md).has_value());
  ASSERT_TRUE(WriteBriefingHtml(b, html).has_value());
  EXPECT_NE(md.str().find("The documents state no relation"), std::string::npos);
  EXPECT_NE(html.str().find("</html>"), std::string::npos);
}

TEST(Briefing, LabelsOfAFiftyNodeStarDoNotOverlap) {
  GraphData g;
  g.documents = {{1, "/x.md", "X", {}, "h"}};
  g.nodes.push_back({1, "Centre of the star", "plan", {}, {1}, {}});
  for (int64_t i = 2; i <= 50; ++i) {
    g.nodes.push_back({i, "Member number " + std::to_string(i), i % 2 ? "country" : "measure", {}, {1}, {}});
    g.links.push_back({i, 1, i, "includes", RelationKind::kStated, {}});
  }
  const int64_t focus[] = {1};
  const std::string svg = BriefingSvg(BuildBriefing(g, focus, BriefingOptions{}));
  // Collect the label boxes back from the SVG: x, y (baseline) and text length.
  struct Box { float x0, y0, x1, y1; };
  std::vector<Box> boxes;
  for (size_t p = svg.find("<text x=\""); p != std::string::npos; p = svg.find("<text x=\"", p + 1)) {
    float x = 0, y = 0;
    ASSERT_EQ(std::sscanf(svg.c_str() + p, "<text x=\"%f\" y=\"%f\"", &x, &y), 2);
    const size_t a = svg.find('>', p) + 1, e = svg.find("</text>", a);
    const float w = 6.9f * static_cast<float>(e - a);
    boxes.push_back({x, y - 12.5f, x + w, y + 2});
  }
  EXPECT_GE(boxes.size(), 45u);  // nearly every label placed
  for (size_t i = 0; i < boxes.size(); ++i)
    for (size_t j = i + 1; j < boxes.size(); ++j) {
      const Box &a = boxes[i], &b = boxes[j];
      EXPECT_FALSE(a.x0 < b.x1 - 0.5f && b.x0 < a.x1 - 0.5f && a.y0 < b.y1 - 0.5f && b.y0 < a.y1 - 0.5f)
          << i << " and " << j << " overlap";
    }
}

}  // namespace
}  // namespace accord::graph
