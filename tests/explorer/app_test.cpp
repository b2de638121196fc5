// Tests of accord::explorer::App without a window: opening and ingesting (the mini corpus), the
// layout worker (ticks, determinism, pins), snapshot swaps keeping positions, and the exact
// visibility that selection, expand, focus, filters and hiding give on a small hand-made graph;
// the shortest path and the export task.
#include "accord/explorer/app.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <thread>

#include "accord/graph/json_io.hpp"
#include "core_test_util.hpp"

namespace accord::explorer {
namespace {

using testing::NodeNamed;
using testing::OpenApp;
using testing::SmallGraph;
using testing::TempDir;
using testing::WriteGraphDb;

// Visibility as a string in label order A..G, e.g. "2222220".
std::string Vis(const App& app) {
  std::string out;
  for (const char* l : {"A", "B", "C", "D", "E", "F", "G"})
    out += static_cast<char>('0' + app.node_visibility()[NodeNamed(app, l)]);
  return out;
}

std::string LinkVis(const App& app) {
  std::string out;
  for (uint32_t k = 0; k < app.snapshot().LinkCount(); ++k)
    out += static_cast<char>('0' + app.link_visibility()[k]);
  return out;
}

class SmallApp : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteGraphDb(dir_ / "small.db", SmallGraph());
    app_ = OpenApp(dir_ / "small.db");
    ASSERT_TRUE(app_);
  }
  uint32_t N(const char* label) const { return NodeNamed(*app_, label); }
  TempDir dir_;
  std::unique_ptr<App> app_;
};

TEST_F(SmallApp, OpensWithEverythingShownAndStatedLinksOnly) {
  EXPECT_EQ(app_->snapshot().NodeCount(), 7u);
  EXPECT_EQ(app_->snapshot().LinkCount(), 4u);  // the co-occurrence link is not loaded
  EXPECT_EQ(Vis(*app_), "2222222");
  EXPECT_EQ(LinkVis(*app_), "2222");
  EXPECT_EQ(app_->x().size(), 7u);
  for (float v : app_->x()) EXPECT_TRUE(std::isfinite(v));
}

TEST_F(SmallApp, TypeFilterHidesNodesAndTheirLinks) {
  const auto& names = app_->snapshot().type_names;
  app_->filters().types.assign(names.size(), true);
  app_->filters().types[std::find(names.begin(), names.end(), "organization") - names.begin()] =
      false;
  app_->ApplyFilters();
  EXPECT_EQ(Vis(*app_), "0022222");
  EXPECT_EQ(LinkVis(*app_), "0022");
}

TEST_F(SmallApp, LinkTypeFilterHidesOnlyLinks) {
  const auto& names = app_->snapshot().link_type_names;
  app_->filters().link_types.assign(names.size(), true);
  app_->filters().link_types[std::find(names.begin(), names.end(), "adopted") - names.begin()] =
      false;
  app_->ApplyFilters();
  EXPECT_EQ(Vis(*app_), "2222222");
  EXPECT_EQ(LinkVis(*app_), "2202");
}

TEST_F(SmallApp, MinDegreeAndHideIsolated) {
  app_->filters().min_degree = 2;
  app_->ApplyFilters();
  EXPECT_EQ(Vis(*app_), "0222000");
  EXPECT_EQ(LinkVis(*app_), "0220");
  app_->filters().min_degree = 0;
  app_->filters().hide_isolated = true;
  app_->ApplyFilters();
  EXPECT_EQ(Vis(*app_), "2222200");
}

TEST_F(SmallApp, DocumentFilterKeepsItsEntities) {
  app_->filters().document = 100;
  app_->ApplyFilters();
  EXPECT_EQ(Vis(*app_), "2220000");
  EXPECT_EQ(LinkVis(*app_), "2200");
  app_->filters().document = 101;
  app_->ApplyFilters();
  EXPECT_EQ(Vis(*app_), "0002222");
}

TEST_F(SmallApp, SelectAdditiveTogglesAndClear) {
  app_->Select(N("A"), false);
  app_->Select(N("C"), true);
  EXPECT_EQ(app_->selection(), (std::vector<uint32_t>{N("A"), N("C")}));
  app_->Select(N("A"), true);  // shift-click on a selected node removes it
  EXPECT_EQ(app_->selection(), (std::vector<uint32_t>{N("C")}));
  app_->Select(N("E"), false);
  EXPECT_EQ(app_->selection(), (std::vector<uint32_t>{N("E")}));
  app_->SelectLink(1);
  EXPECT_EQ(app_->selected_link(), 1u);
  EXPECT_TRUE(app_->selection().empty());
  app_->ClearSelection();
  EXPECT_FALSE(app_->selected_link().has_value());
}

TEST_F(SmallApp, HideSelectionAndUnhideAll) {
  app_->Select(N("C"), false);
  app_->HideSelection();
  EXPECT_TRUE(app_->selection().empty());
  EXPECT_EQ(Vis(*app_), "2202222");
  EXPECT_EQ(LinkVis(*app_), "2002");
  app_->UnhideAll();
  EXPECT_EQ(Vis(*app_), "2222222");
}

TEST_F(SmallApp, FocusFadesOrHidesBeyondKHops) {
  app_->Select(N("A"), false);
  app_->focus().enabled = true;
  app_->focus().hops = 1;
  app_->ApplyFilters();
  EXPECT_EQ(Vis(*app_), "2211111");
  EXPECT_EQ(LinkVis(*app_), "2111");
  app_->focus().hops = 2;
  app_->focus().fade_others = false;
  app_->ApplyFilters();
  EXPECT_EQ(Vis(*app_), "2220000");
  EXPECT_EQ(LinkVis(*app_), "2200");
  app_->ClearSelection();  // focus without a selection shows everything
  EXPECT_EQ(Vis(*app_), "2222222");
}

TEST_F(SmallApp, ExpandShowsNeighboursThroughFiltersAndUnhides) {
  app_->Select(N("D"), false);
  app_->HideSelection();
  app_->filters().min_degree = 2;  // shows B, C only (D hidden by the user)
  app_->ApplyFilters();
  EXPECT_EQ(Vis(*app_), "0220000");
  app_->Expand(N("C"), 1);  // D unhidden, B already shown
  EXPECT_EQ(Vis(*app_), "0222000");
  app_->Expand(N("C"), 3);  // A and E now too; F and G are not connected
  EXPECT_EQ(Vis(*app_), "2222200");
  app_->UnhideAll();  // back to the filters alone
  EXPECT_EQ(Vis(*app_), "0222000");
}

TEST_F(SmallApp, ExpandInFocusModeAddsToTheFocus) {
  app_->Select(N("A"), false);
  app_->focus().enabled = true;
  app_->focus().hops = 0;
  app_->focus().fade_others = false;
  app_->ApplyFilters();
  EXPECT_EQ(Vis(*app_), "2000000");
  app_->Expand(N("A"), 1);
  EXPECT_EQ(Vis(*app_), "2200000");
}

TEST_F(SmallApp, FindPathOverStatedLinks) {
  app_->FindPath(N("A"), N("E"));
  const auto& p = app_->path();
  EXPECT_EQ(p.nodes, (std::vector<uint32_t>{N("A"), N("B"), N("C"), N("D"), N("E")}));
  ASSERT_EQ(p.links.size(), 4u);
  const auto& s = app_->snapshot();
  for (size_t i = 0; i < p.links.size(); ++i)
    EXPECT_EQ(s.link_ids[p.links[i]], 10 + static_cast<int64_t>(i));
  EXPECT_TRUE(p.message.empty());
  // path nodes stay shown even when filters would hide them
  app_->filters().min_degree = 2;
  app_->ApplyFilters();
  EXPECT_EQ(Vis(*app_), "2222200");
  app_->FindPath(N("A"), N("F"));
  EXPECT_TRUE(app_->path().nodes.empty());
  EXPECT_NE(app_->path().message.find("No path between A and F"), std::string::npos);
  app_->ClearPath();
  EXPECT_TRUE(app_->path().message.empty());
}

TEST_F(SmallApp, CooccurrenceReloadsTheGraphButPathsIgnoreIt) {
  const uint64_t gen = app_->generation();
  app_->Select(N("A"), false);
  app_->filters().show_cooccurrence = true;
  app_->ApplyFilters();
  app_->WaitIdle();
  EXPECT_GT(app_->generation(), gen);
  EXPECT_EQ(app_->snapshot().LinkCount(), 5u);
  EXPECT_EQ(app_->selection(), (std::vector<uint32_t>{N("A")}));  // kept across the swap
  app_->FindPath(N("A"), N("G"));
  EXPECT_TRUE(app_->path().nodes.empty());
  app_->filters().show_cooccurrence = false;
  app_->ApplyFilters();
  app_->WaitIdle();
  EXPECT_EQ(app_->snapshot().LinkCount(), 4u);
}

TEST_F(SmallApp, SearchAndNodeOf) {
  auto hits = app_->Search("D", 5);
  ASSERT_TRUE(hits.has_value()) << hits.error().message;
  EXPECT_FALSE(app_->NodeOf(9999).has_value());
  EXPECT_EQ(app_->NodeOf(4), N("D"));
}

TEST_F(SmallApp, ExportWritesJsonAndRefusesOverwrite) {
  app_->filters().document = 100;
  app_->ApplyFilters();
  const auto out = dir_ / "out.json";
  auto task = app_->StartExport(out, false, false);
  app_->WaitIdle();
  ASSERT_TRUE(task->finished);
  EXPECT_FALSE(task->failed) << task->message;
  auto graph = graph::ReadGraphJsonFile(out.string());
  ASSERT_TRUE(graph.has_value()) << graph.error().message;
  EXPECT_EQ(graph->nodes.size(), 3u);
  EXPECT_EQ(graph->links.size(), 2u);

  auto again = app_->StartExport(out, false, false);
  app_->WaitIdle();
  EXPECT_TRUE(again->failed);
  EXPECT_FALSE(again->message.empty());
  EXPECT_EQ(graph::ReadGraphJsonFile(out.string())->nodes.size(), 3u);  // untouched

  app_->Select(N("A"), false);
  auto selected = app_->StartExport(out, true, true);
  app_->WaitIdle();
  EXPECT_FALSE(selected->failed) << selected->message;
  EXPECT_EQ(graph::ReadGraphJsonFile(out.string())->nodes.size(), 1u);
  app_->DismissFinishedTasks();
  EXPECT_TRUE(app_->tasks().empty());
}

TEST_F(SmallApp, PinHoldsThroughTicksAndUnpinReleases) {
  const uint32_t c = N("C");
  app_->PinNode(c, 100.0f, -50.0f);
  EXPECT_TRUE(app_->IsPinned(c));
  app_->RunLayoutTicks(20);
  EXPECT_EQ(app_->x()[c], 100.0f);
  EXPECT_EQ(app_->y()[c], -50.0f);
  app_->UnpinNode(c);
  EXPECT_FALSE(app_->IsPinned(c));
  app_->ReheatLayout();
  app_->SetLayoutPaused(true);
  app_->RunLayoutTicks(20);
  EXPECT_NE(app_->x()[c], 100.0f);
}

TEST(App, SameSeedGivesTheSameLayout) {
  TempDir dir;
  WriteGraphDb(dir / "small.db", SmallGraph());
  auto a = OpenApp(dir / "small.db");
  auto b = OpenApp(dir / "small.db");
  ASSERT_TRUE(a && b);
  a->RunLayoutTicks(120);
  b->RunLayoutTicks(60);
  b->RunLayoutTicks(60);
  ASSERT_EQ(a->x().size(), b->x().size());
  for (size_t i = 0; i < a->x().size(); ++i) {
    EXPECT_EQ(a->x()[i], b->x()[i]);
    EXPECT_EQ(a->y()[i], b->y()[i]);
  }
  EXPECT_GT(a->layout_ms_per_tick(), 0.0);
}

// The mini corpus through the real ingest task, with the free-running layout worker.
TEST(App, IngestsTheMiniCorpusAndLaysItOut) {
  TempDir dir;
  AppOptions options;
  options.db = dir / "mini.db";
  options.ingest = {std::filesystem::path(ACCORD_TEST_DATA) / "mini"};
  options.start_layout = true;
  auto opened = App::Open(options);
  ASSERT_TRUE(opened.has_value()) << opened.error().message;
  App& app = **opened;
  ASSERT_EQ(app.tasks().size(), 1u);
  app.WaitIdle();
  const auto& task = *app.tasks()[0];
  EXPECT_FALSE(task.failed) << task.message;
  EXPECT_NE(task.message.find("3 added"), std::string::npos) << task.message;
  ASSERT_GT(app.snapshot().NodeCount(), 5u);
  EXPECT_EQ(app.x().size(), app.snapshot().NodeCount());
  app.RunLayoutTicks(30);
  // The free-running worker cools down to alpha_min and stops (300 ticks at most ~120/s).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (app.layout_alpha() > 0.001f && std::chrono::steady_clock::now() < deadline) {
    app.Update();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_LE(app.layout_alpha(), 0.001f);  // float of a double just below alpha_min
  EXPECT_GT(app.layout_ms_per_tick(), 0.0);
  float min_x = 1e9f, max_x = -1e9f;
  for (float v : app.x()) {
    ASSERT_TRUE(std::isfinite(v));
    min_x = std::min(min_x, v);
    max_x = std::max(max_x, v);
  }
  EXPECT_GT(max_x - min_x, 50.0f);  // spread out, not collapsed
  auto hits = app.Search("OECD");
  ASSERT_TRUE(hits.has_value());
  bool found = false;
  for (const auto& h : *hits)
    if (h.kind == graph::SearchHit::Kind::kEntity && app.NodeOf(h.entity)) found = true;
  EXPECT_TRUE(found);
}

TEST(App, NewSnapshotKeepsPositionsOfPersistingNodes) {
  TempDir dir;
  const auto db = dir / "mini.db";
  {
    AppOptions options;
    options.db = db;
    options.ingest = {std::filesystem::path(ACCORD_TEST_DATA) / "mini" / "gpai.txt"};
    options.start_layout = false;
    auto app = App::Open(options);
    ASSERT_TRUE(app.has_value());
    (*app)->WaitIdle();
  }
  auto app = OpenApp(db);
  ASSERT_TRUE(app);
  app->RunLayoutTicks(50);
  const auto before = app->snapshot_ptr();
  const std::vector<float> bx(app->x().begin(), app->x().end());
  const std::vector<float> by(app->y().begin(), app->y().end());
  const uint32_t pinned = 0;
  app->PinNode(pinned, 5.0f, 6.0f);
  app->Select(1, false);
  auto task = app->StartIngest({std::filesystem::path(ACCORD_TEST_DATA) / "mini"});
  app->WaitIdle();
  EXPECT_FALSE(task->failed) << task->message;
  const auto& s = app->snapshot();
  ASSERT_GT(s.NodeCount(), before->NodeCount());
  uint32_t kept = 0;
  for (uint32_t i = 0; i < before->NodeCount(); ++i) {
    auto j = app->NodeOf(before->ids[i]);
    if (!j) continue;
    ++kept;
    if (i == pinned) {
      EXPECT_EQ(app->x()[*j], 5.0f);
      EXPECT_TRUE(app->IsPinned(*j));
    } else {
      EXPECT_EQ(app->x()[*j], bx[i]);
      EXPECT_EQ(app->y()[*j], by[i]);
    }
  }
  EXPECT_GT(kept, 0u);
  ASSERT_EQ(app->selection().size(), 1u);
  EXPECT_EQ(s.ids[app->selection()[0]], before->ids[1]);
  for (float v : app->x()) EXPECT_TRUE(std::isfinite(v));
}

}  // namespace
}  // namespace accord::explorer

namespace accord::explorer {
namespace {

// The picture survives a restart: positions and pins go into the store on exit and come back.
TEST(App, LayoutPositionsSurviveARestart) {
  TempDir dir;
  WriteGraphDb(dir / "small.db", SmallGraph());
  std::vector<float> x, y;
  {
    auto app = OpenApp(dir / "small.db");
    ASSERT_TRUE(app);
    app->RunLayoutTicks(80);
    app->PinNode(2, 33.0f, 44.0f);
    x.assign(app->x().begin(), app->x().end());
    y.assign(app->y().begin(), app->y().end());
  }  // saved on exit
  auto app = OpenApp(dir / "small.db");
  ASSERT_TRUE(app);
  for (size_t i = 0; i < x.size(); ++i) {
    EXPECT_EQ(app->x()[i], x[i]);
    EXPECT_EQ(app->y()[i], y[i]);
  }
  EXPECT_TRUE(app->IsPinned(2));
  EXPECT_FALSE(app->IsPinned(1));
  EXPECT_EQ(app->layout_alpha(), 0.0f);  // a known picture does not start moving
}

// A path of n entities 1..n, links i - i+1.
graph::GraphData PathGraph(int n) {
  graph::GraphData g;
  g.documents.push_back({100, "/doc/path.md", "Path", {}, "h"});
  for (int i = 1; i <= n; ++i) {
    graph::NodeInfo node;
    node.id = i;
    node.label = "N" + std::to_string(i);
    node.type = "organization";
    node.documents = {100};
    g.nodes.push_back(std::move(node));
  }
  for (int i = 1; i < n; ++i) {
    graph::LinkInfo l;
    l.id = 1000 + i;
    l.source = i;
    l.target = i + 1;
    l.type = "member_of";
    l.kind = graph::RelationKind::kStated;
    g.links.push_back(std::move(l));
  }
  return g;
}

// End-to-end distance of the path over the sum of its link lengths: 1 when straight, near 0
// when folded into a ball.
double Straightness(const App& app, int n) {
  const auto& s = app.snapshot();
  const auto at = [&](int id) { return *s.IndexOf(id); };
  double length = 0.0;
  for (int i = 1; i < n; ++i)
    length += std::hypot(app.x()[at(i + 1)] - app.x()[at(i)], app.y()[at(i + 1)] - app.y()[at(i)]);
  const double ends = std::hypot(app.x()[at(n)] - app.x()[at(1)], app.y()[at(n)] - app.y()[at(1)]);
  return ends / length;
}

// The worker starts a new graph from the engine's stress start: a long path lies straight from
// the first frame and stays so once the forces settle (from d3's disc it folds).
TEST(App, LongPathStartsAndSettlesUnfolded) {
  TempDir dir;
  WriteGraphDb(dir / "path.db", PathGraph(400));
  auto app = OpenApp(dir / "path.db");
  ASSERT_TRUE(app);
  app->RunLayoutTicks(0);  // the worker has taken the graph: the start is done
  EXPECT_FALSE(app->layout_preparing());
  EXPECT_GT(Straightness(*app, 400), 0.95);
  EXPECT_FLOAT_EQ(app->layout_alpha(), 0.03f);  // the forces only refine the start
  app->RunLayoutTicks(300);
  EXPECT_GT(Straightness(*app, 400), 0.8);
}

// Saved positions win: saved nodes keep their place through the start, pinned ones for good,
// and the new nodes are fitted around them (the path stays straight).
TEST(App, SavedAndPinnedPositionsHoldThroughTheStart) {
  TempDir dir;
  WriteGraphDb(dir / "path.db", PathGraph(400));
  std::vector<graph::NodePosition> saved;
  for (int i = 1; i <= 40; ++i)
    saved.push_back({i, 45.0f * static_cast<float>(i), -100.0f, i == 1 || i == 40});
  {
    auto store = graph::Store::Open(dir / "path.db");
    ASSERT_TRUE(store.has_value());
    ASSERT_TRUE(store->SavePositions(saved).has_value());
  }
  auto app = OpenApp(dir / "path.db");
  ASSERT_TRUE(app);
  app->RunLayoutTicks(0);
  const auto& s = app->snapshot();
  for (const auto& p : saved) {
    const uint32_t i = *s.IndexOf(p.entity);
    EXPECT_EQ(app->x()[i], p.x);
    EXPECT_EQ(app->y()[i], p.y);
    EXPECT_EQ(app->IsPinned(i), p.pinned);
  }
  EXPECT_GT(Straightness(*app, 400), 0.9);
  // The new part continues the saved one beyond node 40 (x grows along the path).
  EXPECT_GT(app->x()[*s.IndexOf(400)], app->x()[*s.IndexOf(40)] + 1000.0f);
  app->RunLayoutTicks(100);
  for (const auto& p : saved) {
    if (!p.pinned) continue;
    const uint32_t i = *s.IndexOf(p.entity);
    EXPECT_EQ(app->x()[i], p.x);
    EXPECT_EQ(app->y()[i], p.y);
  }
}

}  // namespace
}  // namespace accord::explorer
