// Search panel: incremental full-text search over entity names, aliases and sentences
// (App::Search on the UI thread's Store; at most one query per frame, only when the text
// changed). Results show a type colour chip, the label and the snippet with the match
// highlighted. Click or Enter focuses a hit: an entity is selected and centred, a sentence
// opens the document reader there. Up/Down move the highlighted hit while typing.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "accord/explorer/actions.hpp"
#include "panel_common.hpp"

namespace accord::explorer {

namespace panels {

std::optional<uint32_t> FocusHit(App& app, GraphView& view, UiState& ui,
                                 const graph::SearchHit& hit) {
  if (hit.kind == graph::SearchHit::Kind::kSentence) {
    panels::OpenReader(ui, hit.document, hit.start);
    return std::nullopt;
  }
  const auto node = app.NodeOf(hit.entity);
  if (!node) {
    app.SetMessage("\"" + hit.label + "\" is not in the current graph.");
    return std::nullopt;
  }
  SelectAndFocus(app, view, *node);
  return node;
}

}  // namespace panels

namespace {

struct SearchState {
  std::weak_ptr<const graph::Snapshot> snapshot;  // results are for this snapshot
  std::string query;                              // the text the results are for
  std::vector<graph::SearchHit> hits;
  std::string error;
  int highlighted = 0;
  int default_hit = 0;  // the hit SearchAndFocus picks
  bool scroll_to_highlighted = false;
  std::vector<ImWchar> replay;  // typed on the frame the box became active (see below)
};

SearchState& State() {
  static SearchState state;
  return state;
}

// The hit Enter picks before the user moves the highlight: what SearchAndFocus selects (an
// entity named exactly the text, else the first entity hit in the graph), else the first hit.
int DefaultHit(const App& app, const std::vector<graph::SearchHit>& hits, std::string_view text) {
  auto lower = [](std::string_view t) {
    std::string out(t);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  const std::string key = lower(text);
  int first = -1;
  for (size_t i = 0; i < hits.size(); ++i) {
    if (hits[i].kind != graph::SearchHit::Kind::kEntity || !app.NodeOf(hits[i].entity)) continue;
    if (lower(hits[i].label) == key) return static_cast<int>(i);
    if (first < 0) first = static_cast<int>(i);
  }
  return std::max(first, 0);
}

// At most one query per frame: only when the text (or the graph) changed since the last one.
void RefreshResults(App& app, const std::string& text) {
  auto& state = State();
  if (state.query == text && panels::SameSnapshot(state.snapshot, app)) return;
  state.query = text;
  state.snapshot = app.snapshot_ptr();
  state.hits.clear();
  state.error.clear();
  state.highlighted = 0;
  state.default_hit = 0;
  if (text.find_first_not_of(" \t") == std::string::npos) return;
  auto hits = app.Search(text, 30);
  if (!hits) {
    state.error = hits.error().message;
    return;
  }
  state.hits = std::move(*hits);
  state.default_hit = DefaultHit(app, state.hits, text);
  state.highlighted = state.default_hit;
}

void DrawSnippet(const std::string& snippet) {
  const Snippet parsed = ParseSnippet(snippet);
  std::vector<RichSpan> spans;
  for (const auto& piece : parsed.pieces)
    if (piece.highlight) spans.push_back({piece.begin, piece.end, IM_COL32(230, 190, 60, 255), 0});
  const float width = std::max(80.0f, ImGui::GetContentRegionAvail().x);
  const RichLayout layout = LayoutRichText(parsed.text, 0, std::move(spans), width,
                                           [](std::string_view piece) {
                                             return ImGui::CalcTextSize(piece.data(),
                                                                        piece.data() + piece.size())
                                                 .x;
                                           });
  ImGui::PushStyleColor(ImGuiCol_Text, panels::DimColor());
  panels::DrawRichLines(parsed.text, layout, 0, layout.lines.size(), {});
  ImGui::PopStyleColor();
}

}  // namespace

void DrawSearchPanel(App& app, GraphView& view, UiState& ui, bool* open) {
  panels::PlaceWindow(8, 28, 262, 254);
  if (!ImGui::Begin("Search", open)) {
    ImGui::End();
    return;
  }
  auto& state = State();

  if (ui.focus_search) {
    ImGui::SetKeyboardFocusHere();
    ui.focus_search = false;
  }
  // ImGui 1.86's InputText drops the characters typed on the very frame it becomes active
  // ("/" then fast typing, as xdotool does, would lose the first letter): keep them and replay
  // them on the next frame.
  ImGuiIO& io = ImGui::GetIO();
  for (size_t i = 0; i < state.replay.size(); ++i)  // before what was typed since
    io.InputQueueCharacters.insert(io.InputQueueCharacters.begin() + i, state.replay[i]);
  state.replay.clear();
  const std::string text_before = ui.search_text;
  const std::vector<ImWchar> queued(io.InputQueueCharacters.begin(), io.InputQueueCharacters.end());
  ImGui::SetNextItemWidth(-FLT_MIN);
  const bool enter = ImGui::InputTextWithHint("##search", "Search entities and sentences  ( / )",
                                              &ui.search_text,
                                              ImGuiInputTextFlags_EnterReturnsTrue);
  RecordItem("search.input");
  if (ImGui::IsItemActivated() && ui.search_text == text_before) state.replay = queued;
  const bool typing = ImGui::IsItemActive();
  RefreshResults(app, ui.search_text);

  const int count = static_cast<int>(state.hits.size());
  if (typing && count > 0) {
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow))) {
      state.highlighted = std::min(count - 1, state.highlighted + 1);
      state.scroll_to_highlighted = true;
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow))) {
      state.highlighted = std::max(0, state.highlighted - 1);
      state.scroll_to_highlighted = true;
    }
  }
  if (enter && count > 0) {
    const int chosen = std::clamp(state.highlighted, 0, count - 1);
    const auto& hit = state.hits[static_cast<size_t>(chosen)];
    if (chosen == state.default_hit && hit.kind == graph::SearchHit::Kind::kEntity) {
      // The same code path as the scripted `search` step.
      SearchAndFocus(app, view, ui, ui.search_text);
    } else {
      panels::FocusHit(app, view, ui, hit);
    }
  }

  if (!state.error.empty()) {
    ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1.0f), "%s", state.error.c_str());
  } else if (!ui.search_text.empty() && count == 0) {
    ImGui::TextDisabled("No matches.");
  } else if (count > 0) {
    ImGui::TextDisabled("%d result%s  (Enter: focus, Up/Down: choose)", count,
                        count == 1 ? "" : "s");
  }

  ImGui::BeginChild("##hits", ImVec2(0, 0), false);
  for (int i = 0; i < count; ++i) {
    const auto& hit = state.hits[static_cast<size_t>(i)];
    const bool sentence = hit.kind == graph::SearchHit::Kind::kSentence;
    ImGui::PushID(i);
    ImGui::BeginGroup();
    panels::ColorChip(sentence ? IM_COL32(150, 150, 150, 255) : TypeColor(hit.type));
    const bool clicked = ImGui::Selectable(hit.label.c_str(), i == state.highlighted,
                                           ImGuiSelectableFlags_AllowItemOverlap);
    RecordItem("search.hit." + std::to_string(i));
    ImGui::SameLine();
    ImGui::TextDisabled("%s", sentence ? "sentence" : hit.type.c_str());
    RecordItem("search.type." + std::to_string(i));
    // Entity hits matched through an alias show it; a snippet equal to the label adds nothing.
    if (!hit.snippet.empty() && (sentence || ParseSnippet(hit.snippet).text != hit.label)) {
      ImGui::Indent(ImGui::GetTextLineHeight());
      ImGui::BeginGroup();
      DrawSnippet(hit.snippet);
      ImGui::EndGroup();
      RecordItem("search.snippet." + std::to_string(i));
      ImGui::Unindent(ImGui::GetTextLineHeight());
    }
    ImGui::EndGroup();
    if (state.scroll_to_highlighted && i == state.highlighted) {
      ImGui::SetScrollHereY(0.5f);
      state.scroll_to_highlighted = false;
    }
    if (clicked) {
      state.highlighted = i;
      panels::FocusHit(app, view, ui, hit);
    }
    ImGui::PopID();
  }
  ImGui::EndChild();
  ImGui::End();
}

}  // namespace accord::explorer
