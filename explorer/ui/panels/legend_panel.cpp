// Legend panel: every entity type with its colour chip (TypeColor, as the view draws it) and
// how many nodes of that type are in the graph (visible / total when filters hide some).
#include <imgui.h>

#include <string>
#include <vector>

#include "panel_common.hpp"

namespace accord::explorer {

void DrawLegendPanel(App& app, bool* open) {
  panels::PlaceWindow(8, -100, 262, 168);
  if (!ImGui::Begin("Legend", open)) {
    ImGui::End();
    return;
  }
  const auto& snap = app.snapshot();
  const auto visibility = app.node_visibility();
  std::vector<int> total(snap.type_names.size(), 0), shown(snap.type_names.size(), 0);
  for (uint32_t i = 0; i < snap.NodeCount(); ++i) {
    const uint16_t t = snap.types[i];
    if (t >= total.size()) continue;
    ++total[t];
    if (i >= visibility.size() || visibility[i] != 0) ++shown[t];
  }
  if (snap.type_names.empty()) ImGui::TextDisabled("The graph is empty.");
  const int columns = ImGui::GetContentRegionAvail().x > ImGui::GetFontSize() * 20 ? 2 : 1;
  if (ImGui::BeginTable("##legend", columns)) {
    for (size_t t = 0; t < snap.type_names.size(); ++t) {
      ImGui::TableNextColumn();
      panels::ColorChip(TypeColor(snap.type_names[t]));
      if (shown[t] == total[t]) {
        ImGui::Text("%s  %d", snap.type_names[t].c_str(), total[t]);
      } else {
        ImGui::Text("%s  %d/%d", snap.type_names[t].c_str(), shown[t], total[t]);
      }
      RecordItem("legend." + snap.type_names[t]);
    }
    ImGui::EndTable();
  }
  ImGui::End();
}

}  // namespace accord::explorer
