// "Export subgraph…" dialog (File menu, Ctrl+E): a path with a default that names no existing
// file ($HOME/accord-export.json, numbered when taken), "Selected only", and Export. An existing
// file is never overwritten without asking: Export first turns into "Overwrite?", and only the
// confirmation calls App::StartExport with overwrite = true. The export runs as a task (status
// panel) writing the accord export format.
#include <imgui.h>

#include <algorithm>
#include <string>

#include "panel_common.hpp"

namespace accord::explorer {

namespace {

struct ExportDialogState {
  panels::FileDialogState file;
  std::string generated;  // the last default we offered
  bool only_selection = false;
};

ExportDialogState& State() {
  static ExportDialogState state;
  return state;
}

constexpr const char* kTitle = "Export subgraph";

}  // namespace

void DrawExportDialog(App& app, UiState& ui) {
  auto& state = State();
  if (ui.open_export_dialog) {
    ui.open_export_dialog = false;
    state.file = panels::FileDialogState{};
    std::error_code ec;
    // Offer a fresh default unless the user typed a path of their own.
    if (ui.export_path.empty() ||
        (ui.export_path == state.generated && std::filesystem::exists(ui.export_path, ec))) {
      ui.export_path = DefaultExportPath().string();
      state.generated = ui.export_path;
    }
    state.only_selection = !app.selection().empty() && state.only_selection;
    ImGui::OpenPopup(kTitle);
  }
  panels::CenterNextWindow();
  if (!ImGui::BeginPopupModal(kTitle, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;

  const auto nodes = app.node_visibility();
  const auto links = app.link_visibility();
  const auto shown_nodes = std::count_if(nodes.begin(), nodes.end(), [](uint8_t v) { return v != 0; });
  const auto shown_links = std::count_if(links.begin(), links.end(), [](uint8_t v) { return v != 0; });
  // A fixed wrap width: TextWrapped would feed back into the auto-resized modal's width.
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 34);
  ImGui::Text("Writes the %s as accord-graph JSON (the format of `accord export`).",
              state.only_selection ? "selected nodes and the links between them"
                                   : "visible subgraph");
  ImGui::PopTextWrapPos();
  ImGui::TextDisabled("Visible: %td nodes, %td links.  Selected: %zu node%s.", shown_nodes,
                      shown_links, app.selection().size(), app.selection().size() == 1 ? "" : "s");
  const bool nothing_selected = app.selection().empty();
  if (nothing_selected) {
    state.only_selection = false;
    ImGui::BeginDisabled();
  }
  ImGui::Checkbox("Selected only", &state.only_selection);
  RecordItem("export.only_selection");
  if (nothing_selected) ImGui::EndDisabled();

  if (auto commit = panels::FileDialogBody("export", ui.export_path, state.file, "Export", ".json")) {
    app.StartExport(commit->path, state.only_selection, commit->overwrite);
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace accord::explorer
