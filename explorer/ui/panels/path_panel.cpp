// Path panel: two entity pickers (type-ahead over App::Search entity hits; "Use selection"
// takes the selected node), Find -> App::FindPath (the view highlights the path), then every
// hop with its relation type, direction and first evidence sentence (from Store::GetEntity of
// the hop's start, read once per path); Clear.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "panel_common.hpp"

namespace accord::explorer {

namespace {

struct Picker {
  std::string text;
  std::string query;                      // what `hits` are for
  std::vector<graph::SearchHit> hits;     // entity hits only
  std::optional<uint32_t> known;          // the node the text names
};

struct PathState {
  Picker from, to;
  // evidence per path link (snapshot link index), for the current path
  std::weak_ptr<const graph::Snapshot> snapshot;
  std::vector<uint32_t> links;
  struct Hop {
    graph::SentenceRef sentence;
    std::vector<RichSpan> ends;  // mentions of the hop's two ends in the sentence
  };
  std::unordered_map<uint32_t, Hop> evidence;
};

PathState& State() {
  static PathState state;
  return state;
}

// Draws one picker; returns true when its node changed.
bool DrawPicker(App& app, const char* name, Picker& picker, std::optional<uint32_t>& node) {
  const auto& snap = app.snapshot();
  if (node != picker.known) {  // set from outside (script, "Use selection", Clear)
    picker.known = node;
    picker.text = node && *node < snap.NodeCount() ? snap.labels[*node] : std::string();
  }
  bool changed = false;
  ImGui::PushID(name);
  ImGui::TextUnformatted(name);
  ImGui::SameLine(ImGui::GetFontSize() * 3.5f);
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - ImGui::GetFontSize() * 7.5f);
  ImGui::InputTextWithHint("##entity", "type a name", &picker.text);
  RecordItem(std::string("path.") + name + ".input");
  ImGui::SameLine();
  if (ImGui::Button("Use selection") && !app.selection().empty()) {
    node = app.selection().back();
    picker.known = node;
    picker.text = snap.labels[*node];
    changed = true;
  }
  RecordItem(std::string("path.") + name + ".use_selection");

  const bool names_node = node && *node < snap.NodeCount() && picker.text == snap.labels[*node];
  if (!names_node && node) {  // the user edits the name: forget the chosen node
    node.reset();
    picker.known.reset();
    changed = true;
  }
  if (!names_node && !picker.text.empty()) {
    if (picker.query != picker.text) {
      picker.query = picker.text;
      picker.hits.clear();
      if (auto hits = app.Search(picker.text, 12)) {
        for (auto& hit : *hits)
          if (hit.kind == graph::SearchHit::Kind::kEntity && app.NodeOf(hit.entity))
            picker.hits.push_back(std::move(hit));
      }
    }
    ImGui::Indent(ImGui::GetFontSize() * 3.5f);
    if (picker.hits.empty()) ImGui::TextDisabled("no entity matches");
    for (size_t i = 0; i < picker.hits.size() && i < 6; ++i) {
      const auto& hit = picker.hits[i];
      ImGui::PushID(static_cast<int>(i));
      panels::ColorChip(TypeColor(hit.type));
      const std::string label = hit.label + "  (" + hit.type + ")";
      if (ImGui::Selectable(label.c_str())) {
        node = app.NodeOf(hit.entity);
        picker.known = node;
        picker.text = node ? snap.labels[*node] : hit.label;
        changed = true;
      }
      RecordItem(std::string("path.") + name + ".hit." + std::to_string(i));
      ImGui::PopID();
    }
    ImGui::Unindent(ImGui::GetFontSize() * 3.5f);
  }
  ImGui::PopID();
  return changed;
}

void LoadEvidence(App& app, PathState& state) {
  const auto& path = app.path();
  if (state.links == path.links && panels::SameSnapshot(state.snapshot, app)) return;
  state.snapshot = app.snapshot_ptr();
  state.links = path.links;
  state.evidence.clear();
  const auto& snap = app.snapshot();
  std::unordered_map<int64_t, graph::EntityDetail> details;
  auto detail_of = [&](uint32_t node) -> const graph::EntityDetail* {
    const int64_t id = snap.ids[node];
    auto it = details.find(id);
    if (it == details.end()) {
      auto detail = app.store().GetEntity(id);
      if (!detail) return nullptr;
      it = details.emplace(id, std::move(*detail)).first;
    }
    return &it->second;
  };
  for (size_t i = 0; i < path.links.size() && i + 1 < path.nodes.size(); ++i) {
    const uint32_t link = path.links[i];
    if (link >= snap.LinkCount()) continue;
    const graph::EntityDetail* start = detail_of(path.nodes[i]);
    const graph::EntityDetail* end = detail_of(path.nodes[i + 1]);
    if (start == nullptr) continue;
    for (const auto& rel : start->relations) {
      if (rel.relation != snap.link_ids[link] || rel.evidence.empty()) continue;
      PathState::Hop hop{rel.evidence.front(), {}};
      const auto& ev = hop.sentence;
      panels::AppendMentionSpans(*start, ev.document, ev.sentence_start, ev.sentence_end,
                                 TypeColor(start->type), hop.ends);
      if (end != nullptr)
        panels::AppendMentionSpans(*end, ev.document, ev.sentence_start, ev.sentence_end,
                                   TypeColor(end->type), hop.ends);
      state.evidence.emplace(link, std::move(hop));
    }
  }
}

}  // namespace

void DrawPathPanel(App& app, GraphView& view, UiState& ui, bool* open) {
  panels::PlaceWindow(316, 28, 420, 380);
  if (!ImGui::Begin("Path", open)) {
    ImGui::End();
    return;
  }
  auto& state = State();
  const auto& snap = app.snapshot();
  DrawPicker(app, "From", state.from, ui.path_from);
  DrawPicker(app, "To", state.to, ui.path_to);

  const bool ready = ui.path_from && ui.path_to && *ui.path_from < snap.NodeCount() &&
                     *ui.path_to < snap.NodeCount();
  if (!ready) ImGui::BeginDisabled();
  if (ImGui::Button("Find path")) app.FindPath(*ui.path_from, *ui.path_to);
  RecordItem("path.find");
  if (!ready) ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Swap")) std::swap(ui.path_from, ui.path_to);
  ImGui::SameLine();
  if (ImGui::Button("Clear")) {
    app.ClearPath();
    ui.path_from.reset();
    ui.path_to.reset();
  }
  RecordItem("path.clear");
  ImGui::Separator();

  const auto& path = app.path();
  if (path.nodes.empty()) {
    if (!path.message.empty()) ImGui::TextWrapped("%s", path.message.c_str());
    else ImGui::TextDisabled("Pick two entities and press Find path.");
    ImGui::End();
    return;
  }
  LoadEvidence(app, state);
  ImGui::Text("%zu hop%s", path.links.size(), path.links.size() == 1 ? "" : "s");
  ImGui::BeginChild("##hops", ImVec2(0, 0), false);
  for (size_t i = 0; i < path.nodes.size(); ++i) {
    const uint32_t node = path.nodes[i];
    if (node >= snap.NodeCount()) continue;
    ImGui::PushID(static_cast<int>(i));
    panels::ColorChip(TypeColor(snap.type_names[snap.types[node]]));
    if (ImGui::Selectable(snap.labels[node].c_str())) panels::FocusNode(app, view, node);
    RecordItem("path.node." + std::to_string(i));
    if (i < path.links.size() && path.links[i] < snap.LinkCount()) {
      const uint32_t link = path.links[i];
      const bool forward = snap.link_source[link] == node;
      ImGui::Indent(ImGui::GetFontSize() * 1.5f);
      // Direction along the walk: the link points down (source above) or up.
      ImGui::TextColored(panels::DimColor(), forward ? "-- %s -->" : "<-- %s --",
                         snap.link_type_names[snap.link_types[link]].c_str());
      if (auto it = state.evidence.find(link); it != state.evidence.end()) {
        const auto& ev = it->second.sentence;
        ImGui::BeginGroup();
        panels::SentenceWithSpans(ev.sentence, ev.sentence_start, it->second.ends);
        ImGui::TextDisabled("%s", SourceLine(ev.document_title, ev.page).c_str());
        ImGui::EndGroup();
        RecordItem("path.evidence." + std::to_string(i));
        if (ImGui::IsItemClicked()) panels::OpenReader(ui, ev.document, ev.sentence_start);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Click to open in the reader");
      } else {
        ImGui::TextDisabled("(no evidence sentence)");
      }
      ImGui::Unindent(ImGui::GetFontSize() * 1.5f);
    }
    ImGui::PopID();
  }
  ImGui::EndChild();
  ImGui::End();
}

}  // namespace accord::explorer
