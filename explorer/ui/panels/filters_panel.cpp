// Filters panel: which nodes and links are shown. Entity types and relation types (checkbox,
// colour chip, count; All / None), one document or all, a minimum degree, hide isolated nodes,
// show co-occurrence links, unhide what Del hid. Every change calls App::ApplyFilters().
#include <imgui.h>

#include <algorithm>
#include <string>
#include <vector>

#include "panel_common.hpp"

namespace accord::explorer {

namespace {

struct FilterCounts {
  std::weak_ptr<const graph::Snapshot> snapshot;
  std::vector<int> types;       // nodes per type id
  std::vector<int> link_types;  // links per link type id
  uint32_t max_degree = 0;
  std::vector<graph::DocumentInfo> documents;
  std::string documents_error;
};

const FilterCounts& Counts(App& app) {
  static FilterCounts counts;
  if (panels::SameSnapshot(counts.snapshot, app)) return counts;
  const auto& snap = app.snapshot();
  counts = FilterCounts{};
  counts.snapshot = app.snapshot_ptr();
  counts.types.assign(snap.type_names.size(), 0);
  for (uint16_t t : snap.types)
    if (t < counts.types.size()) ++counts.types[t];
  counts.link_types.assign(snap.link_type_names.size(), 0);
  for (uint16_t t : snap.link_types)
    if (t < counts.link_types.size()) ++counts.link_types[t];
  for (uint32_t d : snap.degree) counts.max_degree = std::max(counts.max_degree, d);
  if (auto docs = app.store().ListDocuments()) {
    counts.documents = std::move(*docs);
  } else {
    counts.documents_error = docs.error().message;
  }
  return counts;
}

// Checkbox list over names with counts; `flags` is resized to names (empty = all on).
bool TypeChecklist(const char* id, const std::vector<std::string>& names,
                   const std::vector<int>& counts, std::vector<bool>& flags, bool chips) {
  bool changed = false;
  if (flags.size() != names.size()) flags.assign(names.size(), true);
  ImGui::PushID(id);
  if (ImGui::SmallButton("All")) {
    std::fill(flags.begin(), flags.end(), true);
    changed = true;
  }
  RecordItem(std::string("filters.") + id + ".all");
  ImGui::SameLine();
  if (ImGui::SmallButton("None")) {
    std::fill(flags.begin(), flags.end(), false);
    changed = true;
  }
  RecordItem(std::string("filters.") + id + ".none");
  for (size_t i = 0; i < names.size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    if (chips) panels::ColorChip(TypeColor(names[i]));
    bool on = flags[i];
    const std::string label =
        names[i] + "  (" + std::to_string(i < counts.size() ? counts[i] : 0) + ")";
    if (ImGui::Checkbox(label.c_str(), &on)) {
      flags[i] = on;
      changed = true;
    }
    RecordItem(std::string("filters.") + id + "." + names[i]);
    ImGui::PopID();
  }
  ImGui::PopID();
  return changed;
}

}  // namespace

void DrawFiltersPanel(App& app, UiState& ui, bool* open) {
  (void)ui;
  panels::PlaceWindow(8, 290, 262, 236);
  if (!ImGui::Begin("Filters", open)) {
    ImGui::End();
    return;
  }
  const auto& snap = app.snapshot();
  const FilterCounts& counts = Counts(app);
  Filters& filters = app.filters();
  bool changed = false;

  if (ImGui::CollapsingHeader("Entity types", ImGuiTreeNodeFlags_DefaultOpen))
    changed |= TypeChecklist("types", snap.type_names, counts.types, filters.types, true);

  if (ImGui::CollapsingHeader("Relation types", ImGuiTreeNodeFlags_DefaultOpen))
    changed |= TypeChecklist("links", snap.link_type_names, counts.link_types,
                             filters.link_types, false);

  if (ImGui::CollapsingHeader("Documents and structure", ImGuiTreeNodeFlags_DefaultOpen)) {
    std::string current = "All documents";
    if (filters.document) {
      current = "Document #" + std::to_string(*filters.document);
      for (const auto& doc : counts.documents)
        if (doc.id == *filters.document) current = doc.title.empty() ? doc.path : doc.title;
    }
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (ImGui::BeginCombo("##document", current.c_str())) {
      if (ImGui::Selectable("All documents", !filters.document)) {
        filters.document.reset();
        changed = true;
      }
      for (const auto& doc : counts.documents) {
        ImGui::PushID(static_cast<int>(doc.id));
        const std::string title = doc.title.empty() ? doc.path : doc.title;
        if (ImGui::Selectable(title.c_str(), filters.document == doc.id)) {
          filters.document = doc.id;
          changed = true;
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", doc.path.c_str());
        ImGui::PopID();
      }
      ImGui::EndCombo();
    }
    RecordItem("filters.document");
    if (!counts.documents_error.empty())
      ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1.0f), "%s", counts.documents_error.c_str());

    int min_degree = static_cast<int>(filters.min_degree);
    const int max_degree = std::max<int>(1, static_cast<int>(std::min<uint32_t>(counts.max_degree, 100)));
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.55f);
    if (ImGui::SliderInt("Minimum degree", &min_degree, 0, max_degree)) {
      filters.min_degree = static_cast<uint32_t>(std::max(0, min_degree));
      changed = true;
    }
    RecordItem("filters.min_degree");
    if (ImGui::Checkbox("Hide isolated nodes", &filters.hide_isolated)) changed = true;
    RecordItem("filters.hide_isolated");
    if (ImGui::Checkbox("Show co-occurrence links", &filters.show_cooccurrence)) changed = true;
    RecordItem("filters.show_cooccurrence");
  }

  ImGui::Separator();
  if (ImGui::Button("Unhide all")) app.UnhideAll();
  RecordItem("filters.unhide_all");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show again the nodes hidden with Del");
  ImGui::SameLine();
  if (ImGui::Button("Reset filters")) {
    filters = Filters{};
    changed = true;
  }
  RecordItem("filters.reset");

  if (changed) app.ApplyFilters();
  ImGui::End();
}

}  // namespace accord::explorer
