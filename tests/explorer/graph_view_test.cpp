// Tests of accord::explorer::GraphView without GL: camera round trips, zoom at the cursor,
// fit, picking at projected positions (grid and linear fallback), mouse input (pan, drag pins,
// click / shift-click / empty click, double-click expand, edge click), the frame's draw lists
// (hidden skipped, faded alpha, arrows) and label placement (never overlapping, the selected
// label always placed). Also the type palette.
#include "accord/explorer/graph_view.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "core_test_util.hpp"

namespace accord::explorer {
namespace {

using testing::NodeNamed;
using testing::OpenApp;
using testing::SmallGraph;
using testing::TempDir;
using testing::WriteGraphDb;

class SmallView : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteGraphDb(dir_ / "small.db", SmallGraph());
    app_ = OpenApp(dir_ / "small.db");
    ASSERT_TRUE(app_);
    app_->RunLayoutTicks(200);
    view_.SetViewport(1000, 700);
    view_.FitToView(*app_);
    view_.BuildFrame(*app_);
  }
  uint32_t N(const char* label) const { return NodeNamed(*app_, label); }
  float Sx(uint32_t i) const { return view_.camera().WorldToScreenX(app_->x()[i]); }
  float Sy(uint32_t i) const { return view_.camera().WorldToScreenY(app_->y()[i]); }
  TempDir dir_;
  std::unique_ptr<App> app_;
  GraphView view_;
};

TEST(Camera, ScreenWorldRoundTrip) {
  Camera c;
  c.center_x = 12.5f;
  c.center_y = -40;
  c.zoom = 2.75f;
  c.width = 900;
  c.height = 600;
  for (float wx : {-1000.0f, -3.25f, 0.0f, 17.0f, 512.0f}) {
    EXPECT_NEAR(c.ScreenToWorldX(c.WorldToScreenX(wx)), wx, 1e-3f);
    EXPECT_NEAR(c.ScreenToWorldY(c.WorldToScreenY(wx)), wx, 1e-3f);
  }
  EXPECT_FLOAT_EQ(c.WorldToScreenX(c.center_x), 450.0f);
  EXPECT_FLOAT_EQ(c.WorldToScreenY(c.center_y), 300.0f);
}

TEST_F(SmallView, ZoomAtTheCursorKeepsTheWorldPointFixed) {
  for (float wheel : {1.0f, 3.0f, -2.0f, -0.5f}) {
    const float sx = 270, sy = 510;
    const float wx = view_.camera().ScreenToWorldX(sx), wy = view_.camera().ScreenToWorldY(sy);
    const float zoom = view_.camera().zoom;
    view_.OnScroll(*app_, sx, sy, wheel);
    EXPECT_NEAR(view_.camera().zoom, zoom * std::pow(1.15f, wheel), zoom * 1e-4f);
    EXPECT_NEAR(view_.camera().ScreenToWorldX(sx), wx, 1e-3f * std::max(1.0f, std::abs(wx)));
    EXPECT_NEAR(view_.camera().ScreenToWorldY(sy), wy, 1e-3f * std::max(1.0f, std::abs(wy)));
  }
  for (int i = 0; i < 200; ++i) view_.OnScroll(*app_, 10, 10, 5);
  EXPECT_EQ(view_.camera().zoom, GraphView::kMaxZoom);
  for (int i = 0; i < 400; ++i) view_.OnScroll(*app_, 10, 10, -5);
  EXPECT_EQ(view_.camera().zoom, GraphView::kMinZoom);
}

TEST_F(SmallView, FitToViewPutsEveryVisibleNodeInside) {
  for (uint32_t i = 0; i < app_->snapshot().NodeCount(); ++i) {
    EXPECT_GE(Sx(i), 0.0f);
    EXPECT_LE(Sx(i), 1000.0f);
    EXPECT_GE(Sy(i), 0.0f);
    EXPECT_LE(Sy(i), 700.0f);
  }
  view_.CenterOn(*app_, N("E"), 3.0f);
  EXPECT_FLOAT_EQ(Sx(N("E")), 500.0f);
  EXPECT_FLOAT_EQ(Sy(N("E")), 350.0f);
  EXPECT_EQ(view_.camera().zoom, 3.0f);
}

TEST_F(SmallView, PickHitsEachNodeAtItsProjectedPosition) {
  for (uint32_t i = 0; i < app_->snapshot().NodeCount(); ++i) {
    EXPECT_EQ(view_.Pick(*app_, Sx(i), Sy(i)), i);
    EXPECT_EQ(view_.Pick(*app_, Sx(i) + view_.NodeRadius(*app_, i) + 1.0f, Sy(i)), i);
  }
  EXPECT_FALSE(view_.Pick(*app_, 2, 2).has_value());
  // Without a current frame (camera moved) the linear fallback agrees.
  view_.camera().center_x += 1.0f;
  for (uint32_t i = 0; i < app_->snapshot().NodeCount(); ++i)
    EXPECT_EQ(view_.Pick(*app_, Sx(i), Sy(i)), i);
  // Hidden nodes are not picked.
  app_->Select(N("B"), false);
  app_->HideSelection();
  view_.BuildFrame(*app_);
  EXPECT_FALSE(view_.Pick(*app_, Sx(N("B")), Sy(N("B"))).has_value());
}

TEST_F(SmallView, NodeRadiusGrowsWithDegreeWithinBounds) {
  view_.camera().zoom = 1;
  EXPECT_FLOAT_EQ(view_.NodeRadius(*app_, N("F")), 4.0f);                           // degree 0
  EXPECT_FLOAT_EQ(view_.NodeRadius(*app_, N("B")), 4.0f + 2.5f * std::sqrt(2.0f));  // degree 2
  view_.camera().zoom = 100;
  EXPECT_LE(view_.NodeRadius(*app_, N("B")), 22.0f * 1.6f);
}

TEST_F(SmallView, DragOnEmptySpacePans) {
  const float cx = view_.camera().center_x, cy = view_.camera().center_y;
  const float zoom = view_.camera().zoom;
  view_.OnMouseDown(*app_, 3, 3, false, false);
  view_.OnMouseMove(*app_, 53, 23);
  view_.OnMouseUp(*app_, 53, 23);
  EXPECT_NEAR(view_.camera().center_x, cx - 50 / zoom, 1e-3f);
  EXPECT_NEAR(view_.camera().center_y, cy - 20 / zoom, 1e-3f);
}

TEST_F(SmallView, DragOnANodeMovesAndPinsIt) {
  const uint32_t d = N("D");
  const float sx = Sx(d), sy = Sy(d), wx = app_->x()[d];
  view_.OnMouseDown(*app_, sx, sy, false, false);
  EXPECT_EQ(app_->selection(), (std::vector<uint32_t>{d}));
  view_.OnMouseMove(*app_, sx + 40, sy);
  view_.OnMouseMove(*app_, sx + 80, sy + 10);
  view_.OnMouseUp(*app_, sx + 80, sy + 10);
  EXPECT_TRUE(app_->IsPinned(d));
  EXPECT_NEAR(app_->x()[d], wx + 80 / view_.camera().zoom, 1e-3f);
  app_->RunLayoutTicks(5);
  EXPECT_NEAR(app_->x()[d], wx + 80 / view_.camera().zoom, 1e-3f);  // stays pinned
}

TEST_F(SmallView, ClicksSelectShiftAddsEmptyClears) {
  auto click = [&](float x, float y, bool shift = false) {
    view_.OnMouseDown(*app_, x, y, shift, false);
    view_.OnMouseUp(*app_, x, y);
  };
  click(Sx(N("A")), Sy(N("A")));
  EXPECT_EQ(app_->selection(), (std::vector<uint32_t>{N("A")}));
  click(Sx(N("E")), Sy(N("E")), true);
  EXPECT_EQ(app_->selection(), (std::vector<uint32_t>{N("A"), N("E")}));
  EXPECT_FALSE(app_->IsPinned(N("A")));  // a click does not pin
  click(Sx(N("E")), Sy(N("E")));         // a plain click in a multi-selection narrows it
  EXPECT_EQ(app_->selection(), (std::vector<uint32_t>{N("E")}));
  click(2, 2);
  EXPECT_TRUE(app_->selection().empty());
}

TEST_F(SmallView, DoubleClickExpandsOneHop) {
  app_->focus().enabled = true;
  app_->focus().hops = 0;
  app_->focus().fade_others = false;
  app_->Select(N("C"), false);
  EXPECT_EQ(app_->node_visibility()[N("B")], 0);
  view_.BuildFrame(*app_);
  view_.OnMouseDown(*app_, Sx(N("C")), Sy(N("C")), false, true);
  view_.OnMouseUp(*app_, Sx(N("C")), Sy(N("C")));
  EXPECT_EQ(app_->node_visibility()[N("B")], 2);
  EXPECT_EQ(app_->node_visibility()[N("D")], 2);
  EXPECT_EQ(app_->node_visibility()[N("A")], 0);
}

TEST_F(SmallView, ClickOnAnEdgeSelectsTheLink) {
  // The link whose midpoint is farthest from every node.
  const auto& s = app_->snapshot();
  uint32_t best = 0;
  float best_gap = -1;
  for (uint32_t k = 0; k < s.LinkCount(); ++k) {
    const float mx = 0.5f * (Sx(s.link_source[k]) + Sx(s.link_target[k]));
    const float my = 0.5f * (Sy(s.link_source[k]) + Sy(s.link_target[k]));
    float gap = 1e9f;
    for (uint32_t i = 0; i < s.NodeCount(); ++i)
      gap = std::min(gap, std::hypot(Sx(i) - mx, Sy(i) - my));
    if (gap > best_gap) {
      best_gap = gap;
      best = k;
    }
  }
  ASSERT_GT(best_gap, 30.0f);
  const float mx = 0.5f * (Sx(s.link_source[best]) + Sx(s.link_target[best]));
  const float my = 0.5f * (Sy(s.link_source[best]) + Sy(s.link_target[best]));
  view_.OnMouseDown(*app_, mx, my, false, false);
  view_.OnMouseUp(*app_, mx, my);
  EXPECT_EQ(app_->selected_link(), best);
  view_.BuildFrame(*app_);
  const auto& f = view_.frame();
  bool highlighted = false;
  for (size_t e = 0; e < f.edge_index.size(); ++e)
    if (f.edge_index[e] == best) highlighted = f.edge_width[e] == 2.5f;
  EXPECT_TRUE(highlighted);
}

TEST_F(SmallView, FrameSkipsHiddenFadesOthersAndHighlightsThePath) {
  app_->Select(N("A"), false);
  app_->focus().enabled = true;
  app_->focus().hops = 1;
  app_->ApplyFilters();
  const auto& f = view_.BuildFrame(*app_);
  ASSERT_EQ(f.node_index.size(), 7u);
  for (size_t d = 0; d < f.node_index.size(); ++d) {
    const uint32_t i = f.node_index[d];
    const uint32_t alpha = f.node_fill[d] >> 24;
    if (i == N("A") || i == N("B")) {
      EXPECT_EQ(alpha, 255u);
    } else {
      EXPECT_LT(alpha, 80u);
    }
    if (i == N("A")) {
      EXPECT_EQ(f.node_outline[d], 0xFFFFFFFFu);
    }
  }
  // Drawn back to front: the selected node last.
  EXPECT_EQ(f.node_index.back(), N("A"));
  app_->focus().enabled = false;
  app_->Select(N("F"), false);
  app_->HideSelection();
  app_->FindPath(N("A"), N("C"));
  const auto& g = view_.BuildFrame(*app_);
  EXPECT_EQ(g.node_index.size(), 6u);
  size_t gold_edges = 0;
  for (size_t e = 0; e < g.edge_index.size(); ++e) gold_edges += g.edge_width[e] == 2.5f;
  EXPECT_EQ(gold_edges, 2u);
}

TEST_F(SmallView, ArrowsOnlyWhenEdgesAreLong) {
  view_.camera().zoom = 0.05f;
  EXPECT_FALSE(view_.BuildFrame(*app_).arrows);
  view_.CenterOn(*app_, N("C"), 20.0f);
  EXPECT_TRUE(view_.BuildFrame(*app_).arrows);
}

// ---- labels on a crowded graph ---------------------------------------------------------------

graph::GraphData CrowdedGraph(int n) {
  static const char* kTypes[] = {"organization", "country",    "place",      "person",
                                 "role",         "event",      "initiative", "plan",
                                 "policy",       "principle",  "pillar",     "measure",
                                 "sector",       "technology", "date",       "number"};
  graph::GraphData g;
  uint32_t state = 12345;
  auto rnd = [&](uint32_t m) {
    state = state * 1664525u + 1013904223u;
    return (state >> 8) % m;
  };
  for (int i = 1; i <= n; ++i) {
    graph::NodeInfo node;
    node.id = i;
    node.label = "Entity number " + std::to_string(i) + std::string(rnd(12), 'x');
    node.type = kTypes[i % 16];
    g.nodes.push_back(node);
  }
  for (int k = 1; k <= n * 2; ++k) {
    graph::LinkInfo l;
    l.id = k;
    l.source = 1 + rnd(n);
    l.target = 1 + rnd(n / 4 + 1);
    l.type = "rel";
    g.links.push_back(l);
  }
  return g;
}

bool Overlap(const ViewFrame::Label& a, const ViewFrame::Label& b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

TEST(GraphViewLabels, NeverOverlapAndTheSelectedOneIsAlwaysPlaced) {
  TempDir dir;
  WriteGraphDb(dir / "crowd.db", CrowdedGraph(400));
  auto app = OpenApp(dir / "crowd.db");
  ASSERT_TRUE(app);
  app->RunLayoutTicks(60);
  GraphView view;
  view.SetViewport(1280, 800);
  view.FitToView(*app);
  const float fit = view.camera().zoom;
  // A low-degree node, so priority (not degree) must place its label.
  uint32_t chosen = 0;
  for (uint32_t i = 0; i < app->snapshot().NodeCount(); ++i)
    if (app->snapshot().degree[i] < app->snapshot().degree[chosen]) chosen = i;
  app->Select(chosen, false);
  app->SetHovered(chosen == 0 ? 1u : 0u);
  for (float factor : {0.5f, 1.0f, 2.0f, 4.0f, 12.0f}) {
    view.camera().zoom = fit * factor;
    view.CenterOn(*app, chosen);
    const auto& f = view.BuildFrame(*app);
    ASSERT_FALSE(f.labels.empty()) << factor;
    bool selected_placed = false;
    for (size_t a = 0; a < f.labels.size(); ++a) {
      EXPECT_GT(f.labels[a].w, 0.0f);
      selected_placed |= f.labels[a].node == chosen;
      for (size_t b = a + 1; b < f.labels.size(); ++b)
        ASSERT_FALSE(Overlap(f.labels[a], f.labels[b]))
            << "zoom x" << factor << ": " << f.labels[a].text << " / " << f.labels[b].text;
    }
    EXPECT_TRUE(selected_placed) << "zoom x" << factor;
    EXPECT_EQ(f.labels.front().node, chosen);
  }
}

TEST(GraphViewLabels, MeasureCallbackSetsTheWidth) {
  TempDir dir;
  WriteGraphDb(dir / "small.db", SmallGraph());
  auto app = OpenApp(dir / "small.db");
  ASSERT_TRUE(app);
  GraphView view;
  app->RunLayoutTicks(200);
  view.measure_text = [](std::string_view text) { return 10.0f * text.size(); };
  view.FitToView(*app);
  const auto& f = view.BuildFrame(*app);
  ASSERT_EQ(f.labels.size(), 7u);  // few nodes: every label tried, all fit
  for (const auto& l : f.labels) EXPECT_FLOAT_EQ(l.w, 10.0f * l.text.size() + 2.0f);
}

TEST(TypeColor, SixteenDistinctColoursAndGreyForUnknown) {
  std::set<uint32_t> colours;
  for (const char* t :
       {"organization", "country", "place", "person", "role", "event", "initiative", "plan",
        "policy", "principle", "pillar", "measure", "sector", "technology", "date", "number"}) {
    const uint32_t c = TypeColor(t);
    EXPECT_EQ(c >> 24, 255u) << t;
    const int r = c & 255, g = (c >> 8) & 255, b = (c >> 16) & 255;
    EXPECT_GT(std::max({r, g, b}), 120) << t << ": too dark for the background";
    colours.insert(c);
  }
  EXPECT_EQ(colours.size(), 16u);
  EXPECT_EQ(TypeColor("no such type"), TypeColor("another"));
  EXPECT_EQ(colours.count(TypeColor("no such type")), 0u);
}

}  // namespace
}  // namespace accord::explorer
