// Headless ImGui smoke tests of the explorer's panels (no window, no GL): a real App on a
// temporary database ingested from tests/data/mini, ImGui frames run with DisplaySize 1280x800
// and a built font atlas, synthetic keys (GLFW key codes, as the real backend maps them) and a
// synthetic mouse moved onto rows and buttons the panels record by name. Each test checks what
// the user's action does to the App (selection, visibility, tasks) or to the UI state.
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>

#include "accord/explorer/app.hpp"
#include "accord/explorer/graph_view.hpp"
#include "accord/explorer/panel_support.hpp"
#include "accord/explorer/ui.hpp"
#include "accord/graph/export_formats.hpp"

namespace accord::explorer {
namespace {

namespace fs = std::filesystem;

// GLFW key codes (what imgui_impl_glfw puts in KeyMap / KeysDown).
constexpr int kKeySpace = 32;
constexpr int kKeyEscape = 256;
constexpr int kKeyEnter = 257;
constexpr int kKeyTab = 258;
constexpr int kKeyBackspace = 259;
constexpr int kKeyDelete = 261;
constexpr int kKeyRight = 262;
constexpr int kKeyLeft = 263;
constexpr int kKeyDown = 264;
constexpr int kKeyUp = 265;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class Panels : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("accord_panels_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);

    AppOptions options;
    options.db = dir_ / "test.db";
    options.ingest = {fs::path(ACCORD_TEST_DATA) / "mini"};
    options.ingest_bundled_when_empty = false;
    options.start_layout = false;
    auto app = App::Open(options);
    ASSERT_TRUE(app) << app.error().message;
    app_ = std::move(*app);
    app_->WaitIdle();
    app_->DismissFinishedTasks();
    ASSERT_GT(app_->snapshot().NodeCount(), 10u) << app_->last_message();
    view_.SetViewport(1280, 800);

    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.DisplaySize = ImVec2(1280, 800);
    io.DeltaTime = 1.0f / 60.0f;
    io.KeyMap[ImGuiKey_Tab] = kKeyTab;
    io.KeyMap[ImGuiKey_LeftArrow] = kKeyLeft;
    io.KeyMap[ImGuiKey_RightArrow] = kKeyRight;
    io.KeyMap[ImGuiKey_UpArrow] = kKeyUp;
    io.KeyMap[ImGuiKey_DownArrow] = kKeyDown;
    io.KeyMap[ImGuiKey_Delete] = kKeyDelete;
    io.KeyMap[ImGuiKey_Backspace] = kKeyBackspace;
    io.KeyMap[ImGuiKey_Space] = kKeySpace;
    io.KeyMap[ImGuiKey_Enter] = kKeyEnter;
    io.KeyMap[ImGuiKey_Escape] = kKeyEscape;
    io.KeyMap[ImGuiKey_A] = 'A';
    io.KeyMap[ImGuiKey_C] = 'C';
    io.KeyMap[ImGuiKey_V] = 'V';
    io.KeyMap[ImGuiKey_X] = 'X';
    io.KeyMap[ImGuiKey_Y] = 'Y';
    io.KeyMap[ImGuiKey_Z] = 'Z';
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    io.MousePos = ImVec2(640, 790);  // over the status strip: harmless
    SetItemRecording(true);
    Frames(2);
  }

  void TearDown() override {
    SetItemRecording(false);
    ClearRecordedItems();
    if (ImGui::GetCurrentContext() != nullptr) ImGui::DestroyContext();
    app_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // One frame: NewFrame, `before` (inside the frame, e.g. to resize a window), DrawUi, Render.
  void Frame(const std::function<void()>& before = {}) {
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = 1.0f / 60.0f;
    ImGui::NewFrame();
    if (before) before();
    DrawUi(*app_, view_, ui_);
    ImGui::Render();
    app_->Update();
  }
  void Frames(int n) {
    for (int i = 0; i < n; ++i) Frame();
  }

  // Moves the mouse onto the recorded item and clicks it (press and release on later frames).
  ::testing::AssertionResult Click(const std::string& name) {
    const auto rect = FindRecordedItem(name);
    if (!rect) return ::testing::AssertionFailure() << "no item recorded as " << name;
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(rect->x0 + std::min(8.0f, (rect->x1 - rect->x0) * 0.5f), rect->CenterY());
    Frame();
    io.MouseDown[0] = true;
    Frame();
    io.MouseDown[0] = false;
    Frame();
    Frame();  // let what the click opened or closed settle
    return ::testing::AssertionSuccess();
  }

  void PressKey(int key, bool ctrl = false) {
    ImGuiIO& io = ImGui::GetIO();
    io.KeyCtrl = ctrl;
    io.KeysDown[key] = true;
    Frame();
    io.KeysDown[key] = false;
    io.KeyCtrl = false;
    Frame();
  }

  void Type(std::string_view text) {
    for (char c : text) {
      ImGui::GetIO().AddInputCharacter(static_cast<unsigned char>(c));
      Frame();
    }
  }

  uint32_t NodeNamed(std::string_view name) {
    auto id = app_->store().ResolveEntity(name);
    EXPECT_TRUE(id) << name;
    auto node = app_->NodeOf(id ? *id : 0);
    EXPECT_TRUE(node) << name;
    return node.value_or(0);
  }

  fs::path dir_;
  std::unique_ptr<App> app_;
  GraphView view_;
  UiState ui_;
};

// ---- pure helpers ------------------------------------------------------------------------------

TEST(PanelSupport, SplitAtSpanHighlightsTheMentionInsideItsSentence) {
  const std::string sentence = "The OECD adopted it.";
  // The sentence starts at document offset 100; "OECD" is [104, 108).
  const auto pieces = SplitAtSpan(sentence, 100, 104, 108);
  ASSERT_EQ(pieces.size(), 3u);
  EXPECT_EQ(pieces[0], (TextPiece{0, 4, false}));
  EXPECT_EQ(pieces[1], (TextPiece{4, 8, true}));
  EXPECT_EQ(pieces[2], (TextPiece{8, 20, false}));
  EXPECT_EQ(SplitAtSpan(sentence, 100, 100, 104).size(), 2u);   // at the start
  EXPECT_EQ(SplitAtSpan(sentence, 100, 116, 200).back(), (TextPiece{16, 20, true}));  // clamped
  EXPECT_EQ(SplitAtSpan(sentence, 100, 10, 20).size(), 1u);     // outside: plain
  EXPECT_TRUE(SplitAtSpan("", 0, 0, 5).empty());
}

TEST(PanelSupport, SplitAtSpanNeverCutsACodePoint) {
  const std::string sentence = "Caf\xC3\xA9 culture";  // "Café culture"
  const auto pieces = SplitAtSpan(sentence, 0, 4, 6);  // starts inside the 2-byte é
  ASSERT_EQ(pieces.size(), 3u);
  EXPECT_EQ(pieces[1].begin, 3u);
}

TEST(PanelSupport, SourceLineNamesThePageWhenKnown) {
  EXPECT_EQ(SourceLine("Policy paper", 0), "Policy paper");
  EXPECT_EQ(SourceLine("Policy paper", 3), "Policy paper, p. 3");
}

TEST(PanelSupport, ParseSnippetStripsBracketsAndMarksMatches) {
  const auto snippet = ParseSnippet("The [OECD] built a [reporting framework].");
  EXPECT_EQ(snippet.text, "The OECD built a reporting framework.");
  ASSERT_EQ(snippet.pieces.size(), 5u);
  EXPECT_EQ(snippet.text.substr(snippet.pieces[1].begin, snippet.pieces[1].end - snippet.pieces[1].begin),
            "OECD");
  EXPECT_TRUE(snippet.pieces[1].highlight);
  EXPECT_FALSE(snippet.pieces[2].highlight);
  EXPECT_TRUE(snippet.pieces[3].highlight);
}

TEST(PanelSupport, LayoutRichTextWrapsAtSpacesAndKeepsSpansWhole) {
  // Every byte is 1 px wide; lines hold 10 px.
  auto measure = [](std::string_view s) { return static_cast<float>(s.size()); };
  const std::string text = "aaa bbb ccc ddd\nee";
  const auto layout = LayoutRichText(text, 1000, {{1004, 1011, 0xFF00FF00u, 7}}, 10.0f, measure);
  ASSERT_EQ(layout.spans.size(), 1u);
  EXPECT_EQ(layout.spans[0].start, 4u);  // relative to the text
  ASSERT_EQ(layout.lines.size(), 3u);
  // "aaa bbb " | "ccc ddd" | "ee"
  EXPECT_EQ(layout.lines[0].begin, 0u);
  EXPECT_EQ(layout.lines[1].begin, 8u);
  EXPECT_EQ(layout.lines[2].begin, 16u);
  // line 0: "aaa " plain, "bbb " in the span
  ASSERT_EQ(layout.lines[0].runs.size(), 2u);
  EXPECT_EQ(layout.lines[0].runs[1].span, 0);
  EXPECT_EQ(layout.lines[0].runs[1].begin, 4u);
  // line 1: "ccc" in the span, " ddd" plain
  ASSERT_EQ(layout.lines[1].runs.size(), 2u);
  EXPECT_EQ(layout.lines[1].runs[0].span, 0);
  EXPECT_EQ(layout.lines[1].runs[0].end, 11u);
  EXPECT_EQ(layout.lines[1].runs[1].span, -1);
  EXPECT_EQ(layout.LineOf(0), 0u);
  EXPECT_EQ(layout.LineOf(9), 1u);
  EXPECT_EQ(layout.LineOf(17), 2u);
  EXPECT_EQ(layout.LineOf(999), 2u);
}

TEST(PanelSupport, LayoutRichTextDropsOverlappingSpans) {
  auto measure = [](std::string_view s) { return static_cast<float>(s.size()); };
  const auto layout = LayoutRichText("OECD Recommendation text", 0,
                                     {{0, 4, 1, 1}, {0, 19, 2, 2}, {10, 12, 3, 3}}, 100, measure);
  ASSERT_EQ(layout.spans.size(), 1u);  // the longer span at the same start wins
  EXPECT_EQ(layout.spans[0].entity, 2);
}

TEST(PanelSupport, UniquePathNumbersTakenNames) {
  const fs::path dir = fs::temp_directory_path() / ("accord_unique_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  EXPECT_EQ(UniquePath(dir / "out.json"), dir / "out.json");
  std::ofstream(dir / "out.json") << "x";
  EXPECT_EQ(UniquePath(dir / "out.json"), dir / "out-2.json");
  std::ofstream(dir / "out-2.json") << "x";
  EXPECT_EQ(UniquePath(dir / "out.json"), dir / "out-3.json");
  fs::remove_all(dir);
}

// ---- the frame as a whole ------------------------------------------------------------------------

TEST_F(Panels, DefaultLayoutFitsTheDisplayWithoutOverlaps) {
  ui_.show_reader = ui_.show_path = ui_.show_focus = false;
  Frames(3);
  const char* names[] = {"Search", "Filters", "Legend", "Inspector", "Status"};
  std::vector<ImRect> rects;
  for (const char* name : names) {
    ImGuiWindow* window = ImGui::FindWindowByName(name);
    ASSERT_NE(window, nullptr) << name;
    const ImRect r = window->Rect();
    EXPECT_GE(r.Min.x, 0) << name;
    EXPECT_GE(r.Min.y, 18) << name << " under the menu bar";
    EXPECT_LE(r.Max.x, 1280) << name;
    EXPECT_LE(r.Max.y, 800) << name;
    EXPECT_GE(r.GetWidth(), 250) << name;
    for (size_t i = 0; i < rects.size(); ++i)
      EXPECT_FALSE(rects[i].Overlaps(r)) << name << " overlaps " << names[i];
    rects.push_back(r);
  }
  // The canvas keeps the middle of the screen.
  const ImRect middle(ImVec2(560, 300), ImVec2(760, 500));
  for (size_t i = 0; i < rects.size(); ++i) EXPECT_FALSE(rects[i].Overlaps(middle)) << names[i];
}

TEST_F(Panels, EveryPanelDrawsForAFewFrames) {
  ui_.show_reader = ui_.show_path = ui_.show_focus = true;
  ui_.reader_document = app_->store().ListDocuments()->front().id;
  app_->Select(0, false);
  ui_.search_text = "principles";
  Frames(5);
  for (const char* name : {"Search", "Filters", "Legend", "Inspector", "Status", "Path", "Focus"})
    EXPECT_NE(ImGui::FindWindowByName(name), nullptr) << name;
  EXPECT_NE(ImGui::FindWindowByName("Reader###reader"), nullptr);
  EXPECT_FALSE(RecordedItems("reader.mention.").empty());
  EXPECT_FALSE(RecordedItems("legend.").empty());
  EXPECT_TRUE(FindRecordedItem("status.counts"));
}

// ---- search -----------------------------------------------------------------------------------

TEST_F(Panels, SearchListsHitsWithTypeAndSnippet) {
  ui_.focus_search = true;
  Frame();
  Type("OECD");
  EXPECT_EQ(ui_.search_text, "OECD");
  EXPECT_TRUE(ImGui::GetIO().WantTextInput);
  Frame();
  auto hits = app_->Search("OECD", 30);
  ASSERT_TRUE(hits);
  ASSERT_FALSE(hits->empty());
  EXPECT_EQ(RecordedItems("search.hit.").size(), hits->size());
  EXPECT_EQ(RecordedItems("search.type.").size(), hits->size());
  // Sentence hits show their snippet.
  size_t sentences = 0;
  for (size_t i = 0; i < hits->size(); ++i)
    if ((*hits)[i].kind == graph::SearchHit::Kind::kSentence) {
      ++sentences;
      EXPECT_TRUE(FindRecordedItem("search.snippet." + std::to_string(i))) << i;
    }
  EXPECT_GT(sentences, 0u);
}

TEST_F(Panels, SearchEnterSelectsAndCentresTheEntityNamedSo) {
  ui_.focus_search = true;
  Frame();
  Type("OECD");
  PressKey(kKeyEnter);
  // "OECD Recommendation on Artificial Intelligence" ranks first, but Enter goes to the entity
  // named exactly "OECD" (the hit the list highlights, and what the scripted search does).
  const uint32_t node = NodeNamed("OECD");
  ASSERT_EQ(app_->selection().size(), 1u);
  EXPECT_EQ(app_->selection()[0], node);
  EXPECT_NEAR(view_.camera().WorldToScreenX(app_->x()[node]), view_.FocusScreenX(), 1e-2f);
  EXPECT_NEAR(view_.camera().WorldToScreenY(app_->y()[node]), view_.FocusScreenY(), 1e-2f);
}

TEST_F(Panels, SearchEnterWithoutAnExactNameTakesTheFirstEntityHit) {
  ui_.focus_search = true;
  Frame();
  Type("Partnership");
  PressKey(kKeyEnter);
  auto hits = app_->Search("Partnership", 30);
  ASSERT_TRUE(hits && !hits->empty());
  ASSERT_EQ((*hits)[0].kind, graph::SearchHit::Kind::kEntity);
  ASSERT_NE((*hits)[0].label, "Partnership");
  ASSERT_EQ(app_->selection().size(), 1u);
  EXPECT_EQ(app_->selection()[0], *app_->NodeOf((*hits)[0].entity));
}

TEST_F(Panels, SearchUpArrowThenEnterFocusesTheHitAbove) {
  ui_.focus_search = true;
  Frame();
  Type("OECD");
  PressKey(kKeyUp);
  PressKey(kKeyEnter);
  auto hits = app_->Search("OECD", 30);
  ASSERT_TRUE(hits && hits->size() >= 2);
  ASSERT_EQ((*hits)[1].label, "OECD");  // the default; Up moves to hit 0
  ASSERT_EQ((*hits)[0].kind, graph::SearchHit::Kind::kEntity);
  ASSERT_EQ(app_->selection().size(), 1u);
  EXPECT_EQ(app_->selection()[0], *app_->NodeOf((*hits)[0].entity));
}

TEST_F(Panels, ClickingASentenceHitOpensTheReaderThere) {
  ui_.search_text = "reporting framework";
  Frames(2);
  auto hits = app_->Search(ui_.search_text, 30);
  ASSERT_TRUE(hits);
  size_t sentence = hits->size();
  for (size_t i = 0; i < hits->size(); ++i)
    if ((*hits)[i].kind == graph::SearchHit::Kind::kSentence) {
      sentence = i;
      break;
    }
  ASSERT_LT(sentence, hits->size());
  ASSERT_TRUE(Click("search.hit." + std::to_string(sentence)));
  EXPECT_TRUE(ui_.show_reader);
  ASSERT_TRUE(ui_.reader_document);
  EXPECT_EQ(*ui_.reader_document, (*hits)[sentence].document);
  Frames(2);
  EXPECT_FALSE(ui_.reader_scroll_to);  // consumed by the reader
  EXPECT_FALSE(RecordedItems("reader.mention.").empty());
}

TEST_F(Panels, ClickingAMentionInTheReaderSelectsItsEntity) {
  ui_.show_reader = true;
  const auto docs = app_->store().ListDocuments();
  ASSERT_TRUE(docs && !docs->empty());
  ui_.reader_document = docs->front().id;
  Frames(3);
  const auto mentions = RecordedItems("reader.mention.");
  ASSERT_FALSE(mentions.empty());
  const int64_t entity = std::stoll(mentions.front().substr(std::string("reader.mention.").size()));
  ASSERT_TRUE(Click(mentions.front()));
  ASSERT_EQ(app_->selection().size(), 1u);
  EXPECT_EQ(app_->selection()[0], *app_->NodeOf(entity));
}

// ---- inspector --------------------------------------------------------------------------------

TEST_F(Panels, InspectorShowsTypeAliasesRelationsAndMentions) {
  const uint32_t oecd = NodeNamed("OECD");
  app_->Select(oecd, false);
  Frames(2);
  auto detail = app_->store().GetEntity(app_->snapshot().ids[oecd]);
  ASSERT_TRUE(detail);
  EXPECT_TRUE(FindRecordedItem("inspector.label"));
  EXPECT_TRUE(FindRecordedItem("inspector.type"));
  EXPECT_EQ(FindRecordedItem("inspector.aliases").has_value(), !detail->aliases.empty());
  EXPECT_EQ(RecordedItems("inspector.relation.").size(), detail->relations.size());
  EXPECT_EQ(RecordedItems("inspector.document.").size(), detail->documents.size());
  EXPECT_EQ(RecordedItems("inspector.mention.").size(), detail->mentions.size());
  EXPECT_FALSE(detail->relations.empty());
}

TEST_F(Panels, ClickingARelationSelectsAndCentresTheOtherEnd) {
  const uint32_t oecd = NodeNamed("OECD");
  app_->Select(oecd, false);
  Frames(2);
  auto detail = app_->store().GetEntity(app_->snapshot().ids[oecd]);
  ASSERT_TRUE(detail && !detail->relations.empty());
  ASSERT_TRUE(Click("inspector.relation.0"));
  const auto other = app_->NodeOf(detail->relations[0].other);
  ASSERT_TRUE(other);
  ASSERT_EQ(app_->selection().size(), 1u);
  EXPECT_EQ(app_->selection()[0], *other);
  EXPECT_NEAR(view_.camera().WorldToScreenX(app_->x()[*other]), view_.FocusScreenX(), 1e-2f);
  // The inspector now shows the other entity.
  Frames(1);
  auto other_detail = app_->store().GetEntity(detail->relations[0].other);
  ASSERT_TRUE(other_detail);
  EXPECT_EQ(RecordedItems("inspector.relation.").size(), other_detail->relations.size());
}

TEST_F(Panels, ClickingADocumentOpensTheReader) {
  app_->Select(NodeNamed("OECD"), false);
  Frames(2);
  ASSERT_TRUE(Click("inspector.document.0"));
  EXPECT_TRUE(ui_.show_reader);
  EXPECT_TRUE(ui_.reader_document);
}

TEST_F(Panels, InspectorShowsASelectedLinksEvidence) {
  const auto& snap = app_->snapshot();
  uint32_t link = snap.LinkCount();
  for (uint32_t k = 0; k < snap.LinkCount(); ++k)
    if (snap.link_kinds[k] == graph::RelationKind::kStated) {
      link = k;
      break;
    }
  ASSERT_LT(link, snap.LinkCount());
  app_->SelectLink(link);
  Frames(2);
  EXPECT_TRUE(FindRecordedItem("inspector.link.type"));
  EXPECT_FALSE(RecordedItems("inspector.evidence.").empty());
  ASSERT_TRUE(Click("inspector.link.target"));
  ASSERT_EQ(app_->selection().size(), 1u);
  EXPECT_EQ(app_->selection()[0], snap.link_target[link]);
}

// ---- filters, focus, legend, path -----------------------------------------------------------

TEST_F(Panels, FiltersToggleTypesAndVisibilityFollows) {
  const auto& snap = app_->snapshot();
  const auto country = std::find(snap.type_names.begin(), snap.type_names.end(), "country");
  ASSERT_NE(country, snap.type_names.end());
  const auto type = static_cast<uint16_t>(country - snap.type_names.begin());
  auto grow = [] { ImGui::SetWindowSize("Filters", ImVec2(300, 700)); };
  Frame(grow);
  Frame(grow);
  ASSERT_TRUE(Click("filters.types.country"));
  ASSERT_EQ(app_->filters().types.size(), snap.type_names.size());
  EXPECT_FALSE(app_->filters().types[type]);
  for (uint32_t i = 0; i < snap.NodeCount(); ++i) {
    if (snap.types[i] == type) {
      EXPECT_EQ(app_->node_visibility()[i], 0) << snap.labels[i];
    }
  }
  ASSERT_TRUE(Click("filters.types.none"));
  for (uint8_t v : app_->node_visibility()) EXPECT_EQ(v, 0);
  ASSERT_TRUE(Click("filters.types.all"));
  for (uint8_t v : app_->node_visibility()) EXPECT_NE(v, 0);
}

TEST_F(Panels, HideIsolatedHidesNodesWithoutLinks) {
  // The whole filters panel on screen, nothing over it.
  ui_.show_search = ui_.show_legend = ui_.show_status = false;
  auto grow = [] {
    ImGui::SetWindowPos("Filters", ImVec2(8, 28));
    ImGui::SetWindowSize("Filters", ImVec2(300, 770));
  };
  Frame(grow);
  Frame(grow);
  ASSERT_TRUE(Click("filters.hide_isolated"));
  EXPECT_TRUE(app_->filters().hide_isolated);
  const auto& snap = app_->snapshot();
  size_t isolated = 0;
  for (uint32_t i = 0; i < snap.NodeCount(); ++i)
    if (snap.degree[i] == 0) {
      ++isolated;
      EXPECT_EQ(app_->node_visibility()[i], 0) << snap.labels[i];
    }
  EXPECT_GT(isolated, 0u);
}

TEST_F(Panels, FocusPanelEnablesFocusMode) {
  ui_.show_focus = true;
  Frames(2);
  app_->Select(NodeNamed("OECD"), false);
  ASSERT_TRUE(Click("focus.hide"));
  ASSERT_TRUE(Click("focus.enabled"));
  EXPECT_TRUE(app_->focus().enabled);
  EXPECT_FALSE(app_->focus().fade_others);
  size_t hidden = 0;
  for (uint8_t v : app_->node_visibility()) hidden += v == 0;
  EXPECT_GT(hidden, 0u);
}

TEST_F(Panels, PathPanelFindsAPathAndListsEvidencePerHop) {
  ui_.show_path = true;
  const auto& snap = app_->snapshot();
  // Two ends of a stated link: a one-hop path.
  uint32_t link = 0;
  while (link < snap.LinkCount() && snap.link_kinds[link] != graph::RelationKind::kStated) ++link;
  ASSERT_LT(link, snap.LinkCount());
  ui_.path_from = snap.link_source[link];
  ui_.path_to = snap.link_target[link];
  Frames(2);
  ASSERT_TRUE(Click("path.find"));
  ASSERT_EQ(app_->path().nodes.size(), 2u);
  Frames(1);
  EXPECT_TRUE(FindRecordedItem("path.evidence.0"));
  ASSERT_TRUE(Click("path.clear"));
  EXPECT_TRUE(app_->path().nodes.empty());
  EXPECT_FALSE(ui_.path_from);
}

TEST_F(Panels, PathPickerTypeAheadChoosesAnEntity) {
  ui_.show_path = true;
  Frames(2);
  ASSERT_TRUE(Click("path.From.input"));
  Type("OECD");
  Frame();
  ASSERT_FALSE(RecordedItems("path.From.hit.").empty());
  ASSERT_TRUE(Click("path.From.hit.0"));
  ASSERT_TRUE(ui_.path_from);
}

// ---- dialogs ----------------------------------------------------------------------------------

TEST_F(Panels, ExportDialogAsksBeforeOverwriting) {
  const fs::path target = dir_ / "existing.json";
  std::ofstream(target) << "keep me";
  ui_.export_path = target.string();
  ui_.open_export_dialog = true;
  Frames(2);
  ASSERT_TRUE(Click("export.action"));
  // Nothing written, no task: the dialog asks first.
  EXPECT_TRUE(app_->tasks().empty());
  EXPECT_EQ(ReadFile(target), "keep me");
  ASSERT_TRUE(FindRecordedItem("export.overwrite"));
  ASSERT_TRUE(Click("export.overwrite"));
  ASSERT_EQ(app_->tasks().size(), 1u);
  app_->WaitIdle();
  EXPECT_FALSE(app_->tasks()[0]->failed) << app_->tasks()[0]->message;
  EXPECT_NE(ReadFile(target), "keep me");
  EXPECT_NE(ReadFile(target).find("\"nodes\""), std::string::npos);
  Frames(1);
  EXPECT_FALSE(FindRecordedItem("export.action"));  // closed
}

TEST_F(Panels, ExportDialogBackKeepsTheFile) {
  const fs::path target = dir_ / "existing.json";
  std::ofstream(target) << "keep me";
  ui_.export_path = target.string();
  ui_.open_export_dialog = true;
  Frames(2);
  ASSERT_TRUE(Click("export.action"));
  ASSERT_TRUE(Click("export.back"));
  ASSERT_TRUE(Click("export.cancel"));
  EXPECT_TRUE(app_->tasks().empty());
  EXPECT_EQ(ReadFile(target), "keep me");
}

TEST_F(Panels, ExportDialogWritesANewFileAtOnce) {
  const fs::path target = dir_ / "fresh.json";
  ui_.export_path = target.string();
  ui_.open_export_dialog = true;
  Frames(2);
  ASSERT_TRUE(Click("export.action"));
  ASSERT_EQ(app_->tasks().size(), 1u);
  app_->WaitIdle();
  EXPECT_TRUE(fs::exists(target));
}

TEST_F(Panels, ExportDialogWritesTheChosenFormat) {
  ui_.export_path = (dir_ / "graph.json").string();
  ui_.open_export_dialog = true;
  Frames(2);
  ASSERT_TRUE(Click("export.format"));
  ASSERT_TRUE(Click("export.format.graphml"));
  EXPECT_EQ(ui_.export_path, (dir_ / "graph.graphml").string());  // the extension follows
  ASSERT_TRUE(Click("export.action"));
  ASSERT_EQ(app_->tasks().size(), 1u);
  app_->WaitIdle();
  ASSERT_FALSE(app_->tasks()[0]->failed) << app_->tasks()[0]->message;
  const std::string xml = ReadFile(dir_ / "graph.graphml");
  EXPECT_NE(xml.find("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\""), std::string::npos);

  // CSV: two files beside each other.
  app_->DismissFinishedTasks();
  ui_.open_export_dialog = true;
  Frames(2);
  ASSERT_TRUE(Click("export.format"));
  ASSERT_TRUE(Click("export.format.csv"));
  EXPECT_EQ(ui_.export_path, (dir_ / "graph.csv").string());
  ASSERT_TRUE(Click("export.action"));
  app_->WaitIdle();
  ASSERT_FALSE(app_->tasks()[0]->failed) << app_->tasks()[0]->message;
  EXPECT_EQ(ReadFile(dir_ / "graph.nodes.csv").rfind("id,label,type,", 0), 0u);
  EXPECT_EQ(ReadFile(dir_ / "graph.edges.csv").rfind("id,source,target,", 0), 0u);

  // Again: the two CSV files exist, so the dialog asks first and writes only when confirmed.
  app_->DismissFinishedTasks();
  std::ofstream(dir_ / "graph.edges.csv") << "keep me";
  fs::remove(dir_ / "graph.nodes.csv");
  ui_.open_export_dialog = true;
  Frames(2);
  ASSERT_TRUE(Click("export.action"));
  EXPECT_TRUE(app_->tasks().empty());
  ASSERT_TRUE(Click("export.overwrite"));
  app_->WaitIdle();
  ASSERT_EQ(app_->tasks().size(), 1u);
  ASSERT_FALSE(app_->tasks()[0]->failed) << app_->tasks()[0]->message;
  EXPECT_EQ(ReadFile(dir_ / "graph.edges.csv").rfind("id,source,target,", 0), 0u);

  // Reopened on a .jgf.json name, the dialog picks JGF by itself.
  app_->DismissFinishedTasks();
  ui_.export_path = (dir_ / "g.jgf.json").string();
  ui_.open_export_dialog = true;
  Frames(2);
  ASSERT_TRUE(Click("export.action"));
  app_->WaitIdle();
  EXPECT_EQ(ReadFile(dir_ / "g.jgf.json").rfind("{\n  \"graph\": {", 0), 0u);
}

TEST_F(Panels, ExportDialogDefaultNamesNoExistingFile) {
  const char* old_home = std::getenv("HOME");
  const std::string saved = old_home ? old_home : "";
  ::setenv("HOME", dir_.c_str(), 1);
  std::ofstream(dir_ / "accord-export.json") << "x";
  ui_.open_export_dialog = true;
  Frames(2);
  EXPECT_EQ(ui_.export_path, (dir_ / "accord-export-2.json").string());
  if (old_home) ::setenv("HOME", saved.c_str(), 1);
  else ::unsetenv("HOME");
}

TEST_F(Panels, PictureDialogAsksBeforeOverwriting) {
  const fs::path target = dir_ / "view.png";
  std::ofstream(target) << "png";
  ui_.picture_path = target.string();
  ui_.open_picture_dialog = true;
  Frames(2);
  ASSERT_TRUE(Click("picture.action"));
  EXPECT_FALSE(ui_.pending_screenshot);
  ASSERT_TRUE(Click("picture.overwrite"));
  ASSERT_TRUE(ui_.pending_screenshot);
  EXPECT_EQ(*ui_.pending_screenshot, target);
}

TEST_F(Panels, PictureDialogAddsThePngExtension) {
  ui_.picture_path = (dir_ / "shot").string();
  ui_.open_picture_dialog = true;
  Frames(2);
  ASSERT_TRUE(Click("picture.action"));
  ASSERT_TRUE(ui_.pending_screenshot);
  EXPECT_EQ(*ui_.pending_screenshot, dir_ / "shot.png");
}

TEST_F(Panels, BriefingDialogAsksBeforeOverwritingAndWritesHtml) {
  const fs::path target = dir_ / "brief.html";
  std::ofstream(target) << "keep me";
  app_->Select(NodeNamed("OECD"), false);
  ui_.briefing_path = target.string();
  ui_.open_briefing_dialog = true;
  Frames(2);
  ASSERT_TRUE(Click("briefing.action"));
  EXPECT_TRUE(app_->tasks().empty());  // asks first
  EXPECT_EQ(ReadFile(target), "keep me");
  ASSERT_TRUE(Click("briefing.overwrite"));
  ASSERT_EQ(app_->tasks().size(), 1u);
  app_->WaitIdle();
  ASSERT_FALSE(app_->tasks()[0]->failed) << app_->tasks()[0]->message;
  const std::string html = ReadFile(target);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("<h1>OECD</h1>"), std::string::npos);
  EXPECT_NE(html.find("<svg "), std::string::npos);
}

TEST_F(Panels, BriefingDialogWritesMarkdownForMd) {
  const fs::path target = dir_ / "brief.md";
  app_->Select(NodeNamed("OECD"), false);
  ui_.briefing_path = target.string();
  ui_.open_briefing_dialog = true;
  Frames(2);
  ASSERT_TRUE(Click("briefing.action"));
  ASSERT_EQ(app_->tasks().size(), 1u);
  app_->WaitIdle();
  EXPECT_EQ(ReadFile(target).rfind("# OECD\n", 0), 0u);
}

TEST_F(Panels, BriefingDialogNeedsASelection) {
  ui_.briefing_path = (dir_ / "none.html").string();
  ui_.open_briefing_dialog = true;
  Frames(2);
  ASSERT_TRUE(Click("briefing.action"));  // disabled: nothing happens
  EXPECT_TRUE(app_->tasks().empty());
  EXPECT_FALSE(fs::exists(dir_ / "none.html"));
}

TEST_F(Panels, SvgDialogSavesTheDrawnFrame) {
  app_->RunLayoutTicks(200);
  view_.FitToView(*app_);
  const ViewFrame& frame = view_.BuildFrame(*app_);
  ASSERT_GT(frame.node_x.size(), 10u);
  const fs::path target = dir_ / "view.svg";
  std::ofstream(target) << "keep me";
  ui_.svg_path = target.string();
  ui_.open_svg_dialog = true;
  Frames(2);
  ASSERT_TRUE(Click("svg.action"));
  EXPECT_EQ(ReadFile(target), "keep me");
  ASSERT_TRUE(Click("svg.overwrite"));
  const std::string svg = ReadFile(target);
  size_t circles = 0, texts = 0, lines = 0;
  for (size_t p = svg.find("<circle"); p != std::string::npos; p = svg.find("<circle", p + 1)) ++circles;
  for (size_t p = svg.find("<text"); p != std::string::npos; p = svg.find("<text", p + 1)) ++texts;
  for (size_t p = svg.find("<line"); p != std::string::npos; p = svg.find("<line", p + 1)) ++lines;
  EXPECT_EQ(circles, frame.node_x.size());
  EXPECT_EQ(texts, frame.labels.size());
  EXPECT_EQ(lines, frame.edge_x0.size());
  ASSERT_FALSE(frame.labels.empty());
  // The first label where the view put it, in its colour.
  const auto& l = frame.labels[0];
  char expect[128];
  std::snprintf(expect, sizeof expect, "#%02x%02x%02x\">", l.color & 0xff, (l.color >> 8) & 0xff,
                (l.color >> 16) & 0xff);
  EXPECT_NE(svg.find(std::string(expect) + graph::XmlEscape(l.text) + "</text>"), std::string::npos);
  EXPECT_NE(app_->last_message().find("Saved the view as"), std::string::npos);
}

// ---- shortcuts --------------------------------------------------------------------------------

TEST_F(Panels, EscClearsTheSelection) {
  app_->Select(NodeNamed("OECD"), false);
  PressKey(kKeyEscape);
  EXPECT_TRUE(app_->selection().empty());
}

TEST_F(Panels, DelHidesTheSelection) {
  const uint32_t oecd = NodeNamed("OECD");
  app_->Select(oecd, false);
  PressKey(kKeyDelete);
  EXPECT_EQ(app_->node_visibility()[oecd], 0);
  EXPECT_TRUE(app_->selection().empty());
}

TEST_F(Panels, UUnpinsTheSelection) {
  const uint32_t oecd = NodeNamed("OECD");
  app_->PinNode(oecd, 10.0f, 20.0f);
  ASSERT_TRUE(app_->IsPinned(oecd));
  app_->Select(oecd, false);
  ImGui::GetIO().AddInputCharacter('u');
  Frames(1);
  EXPECT_FALSE(app_->IsPinned(oecd));
}

TEST_F(Panels, HoveringANodeShowsItsTooltipWithoutChangingState) {
  const uint32_t oecd = NodeNamed("OECD");
  app_->SetHovered(oecd);
  Frames(2);  // the tooltip reads the entity's documents once; nothing else changes
  EXPECT_EQ(app_->hovered(), std::optional<uint32_t>(oecd));
  EXPECT_TRUE(app_->selection().empty());
}

TEST_F(Panels, SpaceTogglesTheLayout) {
  const bool paused = app_->layout_paused();
  PressKey(kKeySpace);
  EXPECT_NE(app_->layout_paused(), paused);
  PressKey(kKeySpace);
  EXPECT_EQ(app_->layout_paused(), paused);
}

TEST_F(Panels, SlashFocusesTheSearchBoxWithoutTypingIt) {
  ImGui::GetIO().AddInputCharacter('/');
  Frames(3);  // request, activation, then WantTextInput reports it
  EXPECT_TRUE(ImGui::GetIO().WantTextInput);
  Type("G20");
  EXPECT_EQ(ui_.search_text, "G20");
}

TEST_F(Panels, TypingRightAfterSlashLosesNoLetter) {
  ImGui::GetIO().AddInputCharacter('/');
  Frame();   // "/" asks for the search box
  Type("OECD");  // one letter per frame from the very next frame on (as fast as xdotool)
  Frame();
  EXPECT_EQ(ui_.search_text, "OECD");
}

TEST_F(Panels, ShortcutsWaitWhileTypingInTheSearchBox) {
  const uint32_t oecd = NodeNamed("OECD");
  ui_.focus_search = true;
  Frame();
  Type("Of");  // F must not fit the view while typing
  app_->Select(oecd, false);
  ImGuiIO& io = ImGui::GetIO();
  io.KeysDown[kKeyDelete] = true;  // Del edits the text, it does not hide the node
  Frame();
  io.KeysDown[kKeyDelete] = false;
  Frame();
  EXPECT_EQ(ui_.search_text, "Of");
  EXPECT_NE(app_->node_visibility()[oecd], 0);
  EXPECT_EQ(app_->selection().size(), 1u);
}

TEST_F(Panels, CtrlEOpensTheExportDialogAndCtrlSThePictureDialog) {
  PressKey('E', true);
  EXPECT_TRUE(FindRecordedItem("export.action"));
  ASSERT_TRUE(Click("export.cancel"));
  EXPECT_FALSE(FindRecordedItem("export.action"));
  PressKey('S', true);
  EXPECT_TRUE(FindRecordedItem("picture.action"));
}

TEST_F(Panels, FFitsTheView) {
  view_.camera().center_x = 1e6f;
  ImGui::GetIO().AddInputCharacter('f');
  Frames(2);
  EXPECT_LT(std::abs(view_.camera().center_x), 1e5f);
}

TEST_F(Panels, StatusShowsARunningTaskAndItsCancelButtonCancelsIt) {
  // Enough documents that the ingest outlives a few frames.
  const fs::path corpus = dir_ / "many";
  fs::create_directories(corpus);
  const std::string text = ReadFile(fs::path(ACCORD_TEST_DATA) / "mini" / "gpai.txt");
  for (int i = 0; i < 400; ++i)
    std::ofstream(corpus / ("doc" + std::to_string(i) + ".txt")) << text << "\nCopy " << i << ".\n";
  auto task = app_->StartIngest({corpus});
  ASSERT_TRUE(task);
  Frame();
  const std::string cancel = "status.task." + std::to_string(task->id) + ".cancel";
  ASSERT_TRUE(FindRecordedItem("status.task." + std::to_string(task->id) + ".progress"))
      << "the ingest finished before the first frame";
  ASSERT_TRUE(Click(cancel));
  EXPECT_TRUE(task->cancel.load());
  app_->WaitIdle();
  EXPECT_TRUE(task->finished.load());
  Frames(1);
  EXPECT_FALSE(FindRecordedItem(cancel));  // finished tasks have no Cancel
}

TEST_F(Panels, StatusShowsTheLastMessageAndFinishedTasks) {
  ui_.export_path = (dir_ / "status.json").string();
  ui_.open_export_dialog = true;
  Frames(2);
  ASSERT_TRUE(Click("export.action"));
  app_->WaitIdle();
  Frames(2);
  EXPECT_TRUE(FindRecordedItem("status.message"));
  ASSERT_TRUE(Click("status.dismiss"));
  EXPECT_TRUE(app_->tasks().empty());
}

}  // namespace
}  // namespace accord::explorer
