// "Save picture…" dialog (File menu, Ctrl+S): a PNG path with a default that names no existing
// file ($HOME/accord-view.png, numbered when taken); an existing file is overwritten only after
// "Overwrite?" is confirmed. Saving sets UiState::pending_screenshot; the renderer writes the
// next frame there.
#include <imgui.h>

#include <string>

#include "panel_common.hpp"

namespace accord::explorer {

namespace {

struct PictureDialogState {
  panels::FileDialogState file;
  std::string generated;
};

PictureDialogState& State() {
  static PictureDialogState state;
  return state;
}

constexpr const char* kTitle = "Save picture";

}  // namespace

void DrawPictureDialog(App& app, UiState& ui) {
  (void)app;
  auto& state = State();
  if (ui.open_picture_dialog) {
    ui.open_picture_dialog = false;
    state.file = panels::FileDialogState{};
    std::error_code ec;
    if (ui.picture_path.empty() ||
        (ui.picture_path == state.generated && std::filesystem::exists(ui.picture_path, ec))) {
      ui.picture_path = DefaultPicturePath().string();
      state.generated = ui.picture_path;
    }
    ImGui::OpenPopup(kTitle);
  }
  panels::CenterNextWindow();
  if (!ImGui::BeginPopupModal(kTitle, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  ImGui::TextUnformatted("Saves the current view (graph and panels) as a PNG image.");
  if (auto commit =
          panels::FileDialogBody("picture", ui.picture_path, state.file, "Save", ".png")) {
    ui.pending_screenshot = commit->path;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace accord::explorer
