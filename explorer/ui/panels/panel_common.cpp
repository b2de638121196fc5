// Shared ImGui helpers of the panels (see panel_common.hpp).
#include "panel_common.hpp"

#include "accord/explorer/actions.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdlib>
#include <system_error>

namespace accord::explorer::panels {

void ColorChip(uint32_t color) {
  const float size = ImGui::GetTextLineHeight() * 0.8f;
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const float pad = (ImGui::GetTextLineHeight() - size) * 0.5f;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(ImVec2(pos.x, pos.y + pad), ImVec2(pos.x + size, pos.y + pad + size),
                      color | 0xFF000000u, 2.0f);
  ImGui::Dummy(ImVec2(size, ImGui::GetTextLineHeight()));
  ImGui::SameLine();
}

ImVec4 DimColor() {
  ImVec4 c = ImGui::GetStyleColorVec4(ImGuiCol_Text);
  c.w *= 0.6f;
  return c;
}

ImVec4 ColorFromU32(uint32_t color) { return ImGui::ColorConvertU32ToFloat4(color); }

void DrawRichLines(std::string_view text, const RichLayout& layout, size_t first, size_t last,
                   const std::function<void(const RichSpan&)>& on_click,
                   std::string_view record_prefix) {
  last = std::min(last, layout.lines.size());
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (size_t l = first; l < last; ++l) {
    const auto& line = layout.lines[l];
    if (line.runs.empty()) {
      ImGui::TextUnformatted("");
      continue;
    }
    for (size_t r = 0; r < line.runs.size(); ++r) {
      const auto& run = line.runs[r];
      if (r > 0) ImGui::SameLine(0, 0);
      const char* b = text.data() + run.begin;
      const char* e = text.data() + run.end;
      if (run.span < 0) {
        ImGui::TextUnformatted(b, e);
        continue;
      }
      const RichSpan& span = layout.spans[static_cast<size_t>(run.span)];
      // Tint only the ink: trailing spaces stay plain when the span ends there.
      const ImVec2 pos = ImGui::GetCursorScreenPos();
      const ImVec2 size = ImGui::CalcTextSize(b, e);
      const uint32_t tint = (span.color & 0x00FFFFFFu) | 0x66000000u;
      draw->AddRectFilled(ImVec2(pos.x - 1, pos.y), ImVec2(pos.x + size.x + 1, pos.y + size.y),
                          tint, 2.0f);
      ImGui::TextUnformatted(b, e);
      if (span.entity != 0 && on_click) {
        if (!record_prefix.empty() && ItemRecording())
          RecordItem(std::string(record_prefix) + std::to_string(span.entity));
        if (ImGui::IsItemHovered()) {
          ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
          draw->AddLine(ImVec2(pos.x, pos.y + size.y), ImVec2(pos.x + size.x, pos.y + size.y),
                        span.color | 0xFF000000u);
        }
        if (ImGui::IsItemClicked(ImGuiMouseButton_Left)) on_click(span);
      }
    }
  }
}

void SentenceWithHighlight(std::string_view sentence, uint32_t sentence_start, uint32_t start,
                           uint32_t end, uint32_t color) {
  std::vector<RichSpan> spans;
  if (end > start) spans.push_back({start, end, color, 0});
  SentenceWithSpans(sentence, sentence_start, std::move(spans));
}

void AppendMentionSpans(const graph::EntityDetail& entity, int64_t document, uint32_t begin,
                        uint32_t end, uint32_t color, std::vector<RichSpan>& spans) {
  for (const auto& mention : entity.mentions)
    if (mention.document == document && mention.start >= begin && mention.end <= end)
      spans.push_back({mention.start, mention.end, color, 0});
}

void SentenceWithSpans(std::string_view sentence, uint32_t sentence_start,
                       std::vector<RichSpan> spans) {
  const float width = std::max(80.0f, ImGui::GetContentRegionAvail().x);
  const RichLayout layout = LayoutRichText(
      sentence, sentence_start, std::move(spans), width,
      [](std::string_view piece) {
        return ImGui::CalcTextSize(piece.data(), piece.data() + piece.size()).x;
      });
  DrawRichLines(sentence, layout, 0, layout.lines.size(), {});
}

void FocusNode(App& app, GraphView& view, uint32_t node) { SelectAndFocus(app, view, node); }

void OpenReader(UiState& ui, int64_t document, std::optional<uint32_t> offset) {
  ui.show_reader = true;
  ui.reader_document = document;
  ui.reader_scroll_to = offset;
}

float UiScale() { return std::max(1.0f, ImGui::GetFontSize() / 13.0f); }

void PlaceWindow(float x, float y, float w, float h) {
  // Widths follow the font (high DPI); heights and vertical places stay in pixels, so the
  // stacked left column still fits an 800 px tall display (panels scroll inside).
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const float s = UiScale();
  w = std::min(w * s, display.x);
  h = std::min(h, display.y);
  const float px = x >= 0 ? x * s : display.x + x * s - w;
  const float py = y >= 0 ? y : display.y + y - h;
  ImGui::SetNextWindowPos(ImVec2(std::max(0.0f, px), std::max(0.0f, py)),
                          ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(w, h), ImGuiCond_FirstUseEver);
}

}  // namespace accord::explorer::panels

namespace accord::explorer::panels {

void CenterNextWindow() {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.5f), ImGuiCond_Appearing,
                          ImVec2(0.5f, 0.5f));
}

std::optional<FileDialogCommit> FileDialogBody(const char* name, std::string& path,
                                               FileDialogState& state, const char* action,
                                               const char* extension,
                                               const std::function<std::vector<std::filesystem::path>(
                                                   const std::filesystem::path&)>& written) {
  std::optional<FileDialogCommit> commit;
  ImGui::TextUnformatted("File");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 32);
  if (ImGui::InputText("##path", &path)) {
    state.confirm_overwrite = false;
    state.error.clear();
  }
  RecordItem(std::string(name) + ".path");
  if (!state.error.empty())
    ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1.0f), "%s", state.error.c_str());

  const float button = ImGui::GetFontSize() * 7;
  if (state.confirm_overwrite) {
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 34);
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.8f, 0.3f, 1.0f));
    ImGui::Text("%s already exists. Overwrite it?", state.existing.c_str());
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
    if (ImGui::Button("Overwrite", ImVec2(button, 0))) {
      commit = FileDialogCommit{std::filesystem::path(path), true};
    }
    RecordItem(std::string(name) + ".overwrite");
    ImGui::SameLine();
    if (ImGui::Button("Back", ImVec2(button, 0))) state.confirm_overwrite = false;
    RecordItem(std::string(name) + ".back");
  } else {
    if (ImGui::Button(action, ImVec2(button, 0))) {
      std::error_code ec;
      if (path.starts_with("~/"))
        if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
          path = std::string(home) + path.substr(1);
      if (!path.empty() && std::filesystem::path(path).extension().empty()) path += extension;
      const std::filesystem::path target(path);
      const auto parent = target.parent_path();
      state.error.clear();
      if (path.empty()) {
        state.error = "Type a file name.";
      } else if (std::filesystem::is_directory(target, ec)) {
        state.error = path + " is a folder; type a file name.";
      } else if (!parent.empty() && !std::filesystem::is_directory(parent, ec)) {
        state.error = "The folder " + parent.string() + " does not exist.";
      } else {
        // Ask first when any file the action writes exists; nothing is written yet.
        state.existing.clear();
        const auto files = written ? written(target) : std::vector<std::filesystem::path>{target};
        for (const auto& file : files)
          if (state.existing.empty() && std::filesystem::exists(file, ec))
            state.existing = file.string();
        if (!state.existing.empty()) state.confirm_overwrite = true;
        else commit = FileDialogCommit{target, false};
      }
    }
    RecordItem(std::string(name) + ".action");
    ImGui::SameLine();
    if (ImGui::Button("Cancel", ImVec2(button, 0))) ImGui::CloseCurrentPopup();
    RecordItem(std::string(name) + ".cancel");
  }
  if (!ImGui::IsAnyItemActive() && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
    ImGui::CloseCurrentPopup();
  return commit;
}

}  // namespace accord::explorer::panels
