// Tests of the scripted mode: the parser (quotes, comments, every command's arguments checked,
// errors naming file:line) and the runner driving a real App and GraphView on a small graph
// (select, expand, focus, path, filters, export, asserts, quit, a failed assert's exit code).
#include "accord/explorer/script.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "accord/graph/json_io.hpp"
#include "core_test_util.hpp"

namespace accord::explorer {
namespace {

using graph::testing::ReadFile;
using testing::NodeNamed;
using testing::OpenApp;
using testing::SmallGraph;
using testing::TempDir;
using testing::WriteGraphDb;

TEST(ParseScript, StepsWithQuotesCommentsAndBlankLines) {
  auto steps = ParseScriptText(
      "# a demo\n\nsearch \"World AI Cooperation Organization\"\r\n  select Plain Words  \n"
      "path \"A \\\"quoted\\\"\" B\nassert-count nodes >= 3\nlayout-ticks 300\nquit",
      "demo.script");
  ASSERT_TRUE(steps.has_value()) << steps.error().message;
  ASSERT_EQ(steps->size(), 6u);
  EXPECT_EQ((*steps)[0].command, "search");
  EXPECT_EQ((*steps)[0].args, (std::vector<std::string>{"World AI Cooperation Organization"}));
  EXPECT_EQ((*steps)[0].line, 3);
  EXPECT_EQ((*steps)[0].file, "demo.script");
  EXPECT_EQ((*steps)[1].args, (std::vector<std::string>{"Plain Words"}));
  EXPECT_EQ((*steps)[2].args, (std::vector<std::string>{"A \"quoted\"", "B"}));
  EXPECT_EQ((*steps)[3].args, (std::vector<std::string>{"nodes", ">=", "3"}));
  EXPECT_EQ((*steps)[5].command, "quit");
  EXPECT_EQ((*steps)[5].line, 8);
}

TEST(ParseScript, BadLinesNameTheFileAndLine) {
  const std::pair<const char*, const char*> cases[] = {
      {"fit\nfly away\n", "demo.script:2: unknown command 'fly'"},
      {"expand\n", "demo.script:1: 'expand' takes 1 argument, got 0"},
      {"\n\nexpand two\n", "demo.script:3: 'expand' needs a whole number, got 'two'"},
      {"select \"unterminated\n", "demo.script:1: unterminated quoted string"},
      {"filter-type date maybe\n", "demo.script:1: 'filter-type' needs on or off, got 'maybe'"},
      {"assert-count edges == 3\n",
       "demo.script:1: 'assert-count' counts nodes or links, not 'edges'"},
      {"assert-count nodes =~ 3\n",
       "demo.script:1: 'assert-count' needs one of == != < <= > >=, got '=~'"},
      {"click 10\n", "demo.script:1: 'click' takes 2 arguments, got 1"},
      {"quit now\n", "demo.script:1: 'quit' takes 0 arguments, got 1"},
      {"select\n", "demo.script:1: 'select' needs a name"},
      {"svg\n", "demo.script:1: 'svg' takes 1 argument, got 0"},
      {"brief a.html x\n", "demo.script:1: 'brief' needs hops between 0 and 10, got 'x'"},
  };
  for (const auto& [text, message] : cases) {
    auto steps = ParseScriptText(text, "demo.script");
    ASSERT_FALSE(steps.has_value()) << text;
    EXPECT_EQ(steps.error().code, graph::ErrorCode::kParse);
    EXPECT_EQ(steps.error().message, message);
  }
}

TEST(ParseScript, MissingFileIsAnIoError) {
  auto steps = ParseScript("/nonexistent/script.txt");
  ASSERT_FALSE(steps.has_value());
  EXPECT_EQ(steps.error().code, graph::ErrorCode::kIo);
}

class ScriptRun : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteGraphDb(dir_ / "small.db", SmallGraph());
    app_ = OpenApp(dir_ / "small.db");
    ASSERT_TRUE(app_);
    view_.SetViewport(800, 600);
  }
  // Runs the script to the end like the frame loop does; returns the number of frames.
  int Run(const std::string& text, ScriptRunner** out = nullptr) {
    auto steps = ParseScriptText(text, "t.script");
    EXPECT_TRUE(steps.has_value()) << (steps ? "" : steps.error().message);
    runner_ = std::make_unique<ScriptRunner>(std::move(*steps));
    int frames = 0;
    while (runner_->Step(*app_, view_, ui_) && frames < 10000) {
      app_->Update();
      view_.BuildFrame(*app_);
      ++frames;
    }
    if (out) *out = runner_.get();
    return frames;
  }
  TempDir dir_;
  std::unique_ptr<App> app_;
  GraphView view_;
  UiState ui_;
  std::unique_ptr<ScriptRunner> runner_;
};

TEST_F(ScriptRun, SelectExpandFocusPathFilterExportQuit) {
  const auto out = dir_ / "out.json";
  Run("select \"C\"\n"
      "assert-selected C\n"
      "focus 0\n"
      "assert-count nodes == 1\n"
      "expand 1\n"
      "assert-visible B\n"
      "assert-visible D\n"
      "assert-count nodes == 3\n"
      "assert-count links == 2\n"
      "focus off\n"
      "assert-count nodes == 7\n"
      "filter-type organization off\n"
      "assert-count nodes == 6\n"  // A hidden; B stays: expanded nodes win over filters
      "filter-type organization on\n"
      "path A E\n"
      "assert-visible E\n"
      "layout-ticks 10\n"
      "pause\n"
      "fit\n"
      "wait-frames 3\n"
      "screenshot shot.png\n"
      "export " +
      out.string() +
      "\n"
      "quit\n"
      "assert-count nodes == 0\n");
  EXPECT_EQ(runner_->exit_code(), 0) << runner_->error();
  EXPECT_TRUE(ui_.quit_requested);
  EXPECT_EQ(ui_.pending_screenshot, std::filesystem::path("shot.png"));
  EXPECT_EQ(app_->path().nodes.size(), 5u);
  EXPECT_TRUE(ui_.path_from.has_value());
  EXPECT_TRUE(app_->layout_paused());
  auto graph = graph::ReadGraphJsonFile(out.string());
  ASSERT_TRUE(graph.has_value()) << graph.error().message;
  EXPECT_EQ(graph->nodes.size(), 7u);
}

TEST_F(ScriptRun, SvgAndBriefWriteTheirFiles) {
  const auto svg = dir_ / "view.svg";
  const auto brief = dir_ / "brief.md";
  Run("select \"C\"\nlayout-ticks 20\nfit\nsvg " + svg.string() + "\nbrief " + brief.string() +
      " 1\nquit\n");
  EXPECT_EQ(runner_->exit_code(), 0) << runner_->error();
  const std::string text = ReadFile(svg);
  EXPECT_EQ(text.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg ", 0), 0u);
  size_t circles = 0;
  for (size_t p = text.find("<circle"); p != std::string::npos; p = text.find("<circle", p + 1)) ++circles;
  EXPECT_EQ(circles, 7u);  // every node of the fixture graph is in view after fit
  EXPECT_EQ(ReadFile(brief).rfind("# C\n", 0), 0u) << ReadFile(brief);
}

TEST_F(ScriptRun, SearchSelectsAndCentresTheFirstHit) {
  Run("search D\nassert-selected D\n");
  EXPECT_EQ(runner_->exit_code(), 0) << runner_->error();
  EXPECT_EQ(ui_.search_text, "D");
  const uint32_t d = NodeNamed(*app_, "D");
  EXPECT_NEAR(view_.camera().WorldToScreenX(app_->x()[d]), view_.FocusScreenX(), 1e-2f);
}

TEST_F(ScriptRun, ClickSelectsTheNodeUnderThePoint) {
  view_.FitToView(*app_);
  const uint32_t e = NodeNamed(*app_, "E");
  const float sx = view_.camera().WorldToScreenX(app_->x()[e]);
  const float sy = view_.camera().WorldToScreenY(app_->y()[e]);
  Run("click " + std::to_string(sx) + " " + std::to_string(sy) + "\nassert-selected E\n");
  EXPECT_EQ(runner_->exit_code(), 0) << runner_->error();
}

TEST_F(ScriptRun, FailedAssertEndsWithExitCodeOneNamingTheLine) {
  const int frames = Run("select A\n# comment\nassert-selected B\nquit\n");
  EXPECT_EQ(runner_->exit_code(), 1);
  EXPECT_EQ(runner_->error(), "t.script:3: \"B\" is not selected");
  EXPECT_FALSE(ui_.quit_requested);
  EXPECT_LE(frames, 3);
}

TEST_F(ScriptRun, UnknownEntityAndExportRefusalFail) {
  Run("select \"Nobody at all\"\n");
  EXPECT_EQ(runner_->exit_code(), 1);
  EXPECT_NE(runner_->error().find("t.script:1:"), std::string::npos);
  // An export into a folder that does not exist fails the step.
  Run("export " + (dir_ / "missing" / "x.json").string() + "\nquit\n");
  EXPECT_EQ(runner_->exit_code(), 1);
  EXPECT_NE(runner_->error().find("t.script:1:"), std::string::npos) << runner_->error();
}

}  // namespace
}  // namespace accord::explorer

namespace accord::explorer {
namespace {

// A script started while the ingest task still runs waits for it before its first step.
TEST(ScriptRunWithIngest, WaitsForTheIngestBeforeTheFirstStep) {
  TempDir dir;
  AppOptions options;
  options.db = dir / "mini.db";
  options.ingest = {std::filesystem::path(ACCORD_TEST_DATA) / "mini"};
  options.start_layout = false;
  auto app = App::Open(options);
  ASSERT_TRUE(app.has_value()) << app.error().message;
  auto steps = ParseScriptText("assert-count nodes > 5\nsearch G20\nlayout-ticks 20\nfit\nquit\n",
                               "w.script");
  ASSERT_TRUE(steps.has_value());
  ScriptRunner runner(std::move(*steps));
  GraphView view;
  UiState ui;
  int frames = 0;
  while (runner.Step(**app, view, ui) && frames < 100000) {
    (*app)->Update();
    view.BuildFrame(**app);
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ++frames;
  }
  EXPECT_EQ(runner.exit_code(), 0) << runner.error();
  EXPECT_TRUE(ui.quit_requested);
  ASSERT_EQ((*app)->selection().size(), 1u);
  const auto& label = (*app)->snapshot().labels[(*app)->selection()[0]];
  EXPECT_NE(label.find("G20"), std::string::npos) << label;
}

}  // namespace
}  // namespace accord::explorer
