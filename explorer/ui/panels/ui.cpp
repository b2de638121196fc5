// DrawUi: the explorer's ImGui frame — the main menu bar (File: export, briefing, picture, SVG,
// quit; View: panel toggles; Graph: layout and selection commands), the keyboard shortcuts, then
// the flat list of open panels and the dialogs (ARCHITECTURE.md habit 3).
//
// Shortcuts act only when ImGui does not want the keyboard for text input and no popup is
// open: "/" search, F fit, Space pause/resume layout, Esc clear selection, Del hide selection,
// Ctrl+E export, Ctrl+B briefing, Ctrl+S picture. "/" and F are read as typed characters (any
// keyboard layout); Ctrl+E, Ctrl+B and Ctrl+S as key codes ('E', 'B', 'S': GLFW's codes for
// letters are their ASCII capitals).
#include <optional>
#include <string>
#include <vector>
#include <algorithm>
#include <imgui.h>
#include <imgui_internal.h>

#include "accord/explorer/panel_support.hpp"
#include "accord/explorer/ui.hpp"

namespace accord::explorer {

namespace {

bool TypedCharacter(ImWchar a, ImWchar b) {
  const ImGuiIO& io = ImGui::GetIO();
  for (int i = 0; i < io.InputQueueCharacters.Size; ++i)
    if (io.InputQueueCharacters[i] == a || io.InputQueueCharacters[i] == b) return true;
  return false;
}

bool KeyPressed(ImGuiKey key) {
  const int index = ImGui::GetKeyIndex(key);
  return index >= 0 && ImGui::IsKeyPressed(index, false);
}

void HandleShortcuts(App& app, GraphView& view, UiState& ui) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;
  if (ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel)) return;
  if (io.KeyCtrl) {
    if (ImGui::IsKeyPressed('E', false)) ui.open_export_dialog = true;
    if (ImGui::IsKeyPressed('S', false)) ui.open_picture_dialog = true;
    if (ImGui::IsKeyPressed('B', false)) ui.open_briefing_dialog = true;
    return;
  }
  if (TypedCharacter('/', '/')) {
    ui.show_search = true;
    ui.focus_search = true;
  }
  if (TypedCharacter('f', 'F')) view.FitToView(app);
  if (KeyPressed(ImGuiKey_Space)) app.SetLayoutPaused(!app.layout_paused());
  if (KeyPressed(ImGuiKey_Escape)) app.ClearSelection();
  if (KeyPressed(ImGuiKey_Delete)) app.HideSelection();
  if (TypedCharacter('u', 'U'))
    for (uint32_t node : app.selection()) app.UnpinNode(node);
}

// The hovered node's tooltip: label, type, degree and the documents that mention it.
void DrawHoverTooltip(App& app) {
  const ImGuiIO& io = ImGui::GetIO();
  static std::optional<uint32_t> cached_node;
  static uint64_t cached_generation = 0;
  static std::vector<std::string> cached_documents;
  const auto hovered = app.hovered();
  if (!hovered || io.WantCaptureMouse) return;
  const graph::Snapshot& s = app.snapshot();
  const uint32_t i = *hovered;
  if (i >= s.NodeCount()) return;
  if (cached_node != hovered || cached_generation != app.generation()) {
    cached_node = hovered;
    cached_generation = app.generation();
    cached_documents.clear();
    if (auto detail = app.store().GetEntity(s.ids[i]))
      for (const auto& d : detail->documents) cached_documents.push_back(d.title.empty() ? d.path : d.title);
  }
  ImGui::BeginTooltip();
  ImGui::TextUnformatted(s.labels[i].c_str());
  ImGui::TextDisabled("%s  -  degree %u  -  %zu document%s", s.type_names[s.types[i]].c_str(), s.degree[i],
                      cached_documents.size(), cached_documents.size() == 1 ? "" : "s");
  const size_t shown = std::min<size_t>(cached_documents.size(), 5);
  for (size_t d = 0; d < shown; ++d) ImGui::BulletText("%s", cached_documents[d].c_str());
  if (cached_documents.size() > shown) ImGui::TextDisabled("... and %zu more", cached_documents.size() - shown);
  if (app.IsPinned(i)) ImGui::TextDisabled("pinned (select and press U to unpin)");
  ImGui::EndTooltip();
}

void DrawMainMenu(App& app, GraphView& view, UiState& ui) {
  if (!ImGui::BeginMainMenuBar()) return;
  if (ImGui::BeginMenu("File")) {
    if (ImGui::MenuItem("Export subgraph...", "Ctrl+E")) ui.open_export_dialog = true;
    if (ImGui::MenuItem("Export briefing...", "Ctrl+B")) ui.open_briefing_dialog = true;
    if (ImGui::MenuItem("Save picture...", "Ctrl+S")) ui.open_picture_dialog = true;
    if (ImGui::MenuItem("Export SVG...")) ui.open_svg_dialog = true;
    ImGui::Separator();
    if (ImGui::MenuItem("Quit")) ui.quit_requested = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    ImGui::MenuItem("Search", "/", &ui.show_search);
    ImGui::MenuItem("Filters", nullptr, &ui.show_filters);
    ImGui::MenuItem("Inspector", nullptr, &ui.show_inspector);
    ImGui::MenuItem("Reader", nullptr, &ui.show_reader);
    ImGui::MenuItem("Path", nullptr, &ui.show_path);
    ImGui::MenuItem("Focus", nullptr, &ui.show_focus);
    ImGui::MenuItem("Status", nullptr, &ui.show_status);
    ImGui::MenuItem("Legend", nullptr, &ui.show_legend);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Graph")) {
    if (ImGui::MenuItem("Fit to view", "F")) view.FitToView(app);
    const bool paused = app.layout_paused();
    if (ImGui::MenuItem(paused ? "Resume layout" : "Pause layout", "Space"))
      app.SetLayoutPaused(!paused);
    if (ImGui::MenuItem("Reheat layout")) app.ReheatLayout();
    ImGui::Separator();
    const bool selected = !app.selection().empty();
    if (ImGui::MenuItem("Expand selection by one hop", nullptr, false, selected)) {
      const auto selection = app.selection();  // Expand may change it
      for (uint32_t node : selection) app.Expand(node, 1);
    }
    if (ImGui::MenuItem("Hide selection", "Del", false, selected)) app.HideSelection();
    if (ImGui::MenuItem("Clear selection", "Esc", false, selected)) app.ClearSelection();
    if (ImGui::MenuItem("Unhide all")) app.UnhideAll();
    if (ImGui::MenuItem("Unpin selection", "U", false, selected))
      for (uint32_t node : app.selection()) app.UnpinNode(node);
    ImGui::EndMenu();
  }
  ImGui::EndMainMenuBar();
}

}  // namespace

// The panels along the edges of the screen cover part of the graph: tell the view, so that
// fitting and centring use the free area between them.
static void UpdateViewInsets(GraphView& view) {
  const ImGuiIO& io = ImGui::GetIO();
  const float w = io.DisplaySize.x, h = io.DisplaySize.y;
  float left = 0, top = ImGui::GetFrameHeight(), right = 0, bottom = 0;
  for (const char* name : {"Search", "Filters", "Legend", "Inspector", "Status", "Reader", "Path", "Focus"}) {
    ImGuiWindow* win = ImGui::FindWindowByName(name);
    if (!win || !win->WasActive || win->Hidden) continue;
    const ImVec2 p = win->Pos, sz = win->Size;
    if (sz.x <= 0 || sz.y <= 0) continue;
    if (p.x < 0.1f * w && sz.x < 0.5f * w) left = std::max(left, p.x + sz.x);
    else if (p.x + sz.x > 0.9f * w && sz.x < 0.5f * w) right = std::max(right, w - p.x);
    else if (p.y + sz.y > 0.9f * h && sz.y < 0.4f * h) bottom = std::max(bottom, h - p.y);
  }
  view.SetInsets(left, top, right, bottom);
}

void DrawUi(App& app, GraphView& view, UiState& ui) {
  if (ItemRecording()) ClearRecordedItems();
  HandleShortcuts(app, view, ui);
  DrawMainMenu(app, view, ui);

  if (ui.show_search) DrawSearchPanel(app, view, ui, &ui.show_search);
  if (ui.show_filters) DrawFiltersPanel(app, ui, &ui.show_filters);
  if (ui.show_legend) DrawLegendPanel(app, &ui.show_legend);
  if (ui.show_inspector) DrawInspectorPanel(app, view, ui, &ui.show_inspector);
  if (ui.show_reader) DrawReaderPanel(app, view, ui, &ui.show_reader);
  if (ui.show_path) DrawPathPanel(app, view, ui, &ui.show_path);
  if (ui.show_focus) DrawFocusPanel(app, ui, &ui.show_focus);
  if (ui.show_status) DrawStatusPanel(app, ui, &ui.show_status);

  DrawExportDialog(app, ui);
  DrawPictureDialog(app, ui);
  DrawBriefingDialog(app, ui);
  DrawSvgDialog(app, view, ui);
  DrawHoverTooltip(app);
  UpdateViewInsets(view);
}

}  // namespace accord::explorer
