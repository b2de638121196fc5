// "Export briefing…" dialog (File menu, Ctrl+B): writes a briefing (graph/briefing.hpp) on the
// selected entities and what lies within K hops of them (K starts at the focus panel's hops
// when focus is on, else 1): HTML with a picture when the name ends in .html, Markdown for .md.
// A path with a default that names no existing file ($HOME/accord-briefing.html, numbered when
// taken); an existing file is replaced only after "Overwrite?" is confirmed. The briefing is
// built and written as a task (status panel).
#include <imgui.h>

#include <algorithm>
#include <string>

#include "panel_common.hpp"

namespace accord::explorer {

namespace {

struct BriefingDialogState {
  panels::FileDialogState file;
  std::string generated;  // the last default we offered
  int hops = 1;
};

BriefingDialogState& State() {
  static BriefingDialogState state;
  return state;
}

constexpr const char* kTitle = "Export briefing";

}  // namespace

void DrawBriefingDialog(App& app, UiState& ui) {
  auto& state = State();
  if (ui.open_briefing_dialog) {
    ui.open_briefing_dialog = false;
    state.file = panels::FileDialogState{};
    std::error_code ec;
    if (ui.briefing_path.empty() ||
        (ui.briefing_path == state.generated && std::filesystem::exists(ui.briefing_path, ec))) {
      ui.briefing_path = DefaultBriefingPath().string();
      state.generated = ui.briefing_path;
    }
    state.hops = app.focus().enabled ? std::clamp(app.focus().hops, 0, 5) : 1;
    ImGui::OpenPopup(kTitle);
  }
  panels::CenterNextWindow();
  if (!ImGui::BeginPopupModal(kTitle, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;

  const auto& selection = app.selection();
  const graph::Snapshot& s = app.snapshot();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 34);
  if (selection.empty()) {
    ImGui::TextUnformatted("Select one or more entities first: the briefing is about them and "
                           "what lies around them.");
  } else {
    std::string names;
    for (size_t k = 0; k < selection.size() && k < 3; ++k) {
      if (k) names += ", ";
      if (selection[k] < s.NodeCount()) names += s.labels[selection[k]];
    }
    if (selection.size() > 3) names += " and " + std::to_string(selection.size() - 3) + " more";
    ImGui::Text("A briefing on %s: the key relations as sentences with their citations and "
                "quotes, the entities by type and the sources. .html gives one standalone page "
                "with a picture; .md gives Markdown.",
                names.c_str());
  }
  ImGui::PopTextWrapPos();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
  ImGui::SliderInt("hops around the selection", &state.hops, 0, 5);
  RecordItem("briefing.hops");

  if (selection.empty()) ImGui::BeginDisabled();
  auto commit = panels::FileDialogBody("briefing", ui.briefing_path, state.file, "Export", ".html");
  if (selection.empty()) ImGui::EndDisabled();
  if (selection.empty() && ImGui::Button("Close")) ImGui::CloseCurrentPopup();
  if (commit) {
    app.StartBriefing(commit->path, state.hops, commit->overwrite);
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace accord::explorer
