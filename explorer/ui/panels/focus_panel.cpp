// Focus panel: show only the selection and its k-hop neighbourhood (k = 1..4); everything else
// faded or hidden. Edits App::focus() and calls App::ApplyFilters().
#include <imgui.h>

#include "panel_common.hpp"

namespace accord::explorer {

void DrawFocusPanel(App& app, UiState& ui, bool* open) {
  (void)ui;
  panels::PlaceWindow(316, -140, 260, 130);
  if (!ImGui::Begin("Focus", open)) {
    ImGui::End();
    return;
  }
  Focus& focus = app.focus();
  bool changed = false;
  if (ImGui::Checkbox("Focus on the selection", &focus.enabled)) changed = true;
  RecordItem("focus.enabled");
  int hops = focus.hops;
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
  if (ImGui::SliderInt("hops", &hops, 1, 4)) {
    focus.hops = hops;
    changed = true;
  }
  RecordItem("focus.hops");
  if (ImGui::RadioButton("Fade the rest", focus.fade_others)) {
    focus.fade_others = true;
    changed = true;
  }
  RecordItem("focus.fade");
  ImGui::SameLine();
  if (ImGui::RadioButton("Hide the rest", !focus.fade_others)) {
    focus.fade_others = false;
    changed = true;
  }
  RecordItem("focus.hide");
  if (focus.enabled && app.selection().empty())
    ImGui::TextDisabled("Select a node to focus on it.");
  if (changed) app.ApplyFilters();
  ImGui::End();
}

}  // namespace accord::explorer
