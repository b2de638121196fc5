// Status panel (bottom strip): visible/total nodes and links, frame time, layout state (alpha,
// ms per tick) with pause/resume/reheat, every task with its label, a progress bar (a fraction
// when the total is known, else a moving block) and Cancel, and the last message.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "panel_common.hpp"

namespace accord::explorer {

namespace {

// A progress bar for work of unknown size: a block sliding back and forth.
void IndeterminateBar(const char* overlay) {
  const float width = ImGui::GetContentRegionAvail().x * 0.45f;
  const float height = ImGui::GetFrameHeight();
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(pos, ImVec2(pos.x + width, pos.y + height),
                      ImGui::GetColorU32(ImGuiCol_FrameBg), ImGui::GetStyle().FrameRounding);
  const float t = static_cast<float>(ImGui::GetTime());
  const float phase = 0.5f + 0.5f * std::sin(t * 2.5f);
  const float block = width * 0.25f;
  const float x = pos.x + phase * (width - block);
  draw->AddRectFilled(ImVec2(x, pos.y), ImVec2(x + block, pos.y + height),
                      ImGui::GetColorU32(ImGuiCol_PlotHistogram), ImGui::GetStyle().FrameRounding);
  const ImVec2 text = ImGui::CalcTextSize(overlay);
  draw->AddText(ImVec2(pos.x + (width - text.x) * 0.5f, pos.y + (height - text.y) * 0.5f),
                ImGui::GetColorU32(ImGuiCol_Text), overlay);
  ImGui::Dummy(ImVec2(width, height));
}

}  // namespace

void DrawStatusPanel(App& app, UiState& ui, bool* open) {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const float height = std::min(display.y * 0.3f, 92.0f);
  ImGui::SetNextWindowPos(ImVec2(0, display.y - height), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(display.x, height), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("Status", open)) {
    ImGui::End();
    return;
  }
  const auto& snap = app.snapshot();
  const auto nodes = app.node_visibility();
  const auto links = app.link_visibility();
  const auto shown_nodes = std::count_if(nodes.begin(), nodes.end(), [](uint8_t v) { return v != 0; });
  const auto shown_links = std::count_if(links.begin(), links.end(), [](uint8_t v) { return v != 0; });
  ImGui::Text("Nodes %td / %u   Links %td / %u   Frame %.1f ms", shown_nodes, snap.NodeCount(),
              shown_links, snap.LinkCount(), ui.frame_ms);
  RecordItem("status.counts");
  ImGui::SameLine(0, ImGui::GetFontSize() * 2);
  const bool paused = app.layout_paused();
  const bool settled = !paused && app.layout_alpha() < 0.001f;
  if (app.layout_preparing())
    ImGui::TextUnformatted("Preparing layout...");
  else
    ImGui::Text("Layout %s  alpha %.3f  %.2f ms/tick",
                paused ? "paused" : (settled ? "settled" : "running"), app.layout_alpha(),
                app.layout_ms_per_tick());
  ImGui::SameLine();
  if (ImGui::SmallButton(paused ? "Resume" : "Pause")) app.SetLayoutPaused(!paused);
  RecordItem("status.pause");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Space");
  ImGui::SameLine();
  if (ImGui::SmallButton("Reheat")) app.ReheatLayout();
  RecordItem("status.reheat");

  const auto tasks = app.tasks();
  bool any_finished = false;
  for (const auto& task : tasks) {
    if (!task) continue;
    ImGui::PushID(static_cast<int>(task->id));
    const bool finished = task->finished.load();
    any_finished |= finished;
    if (finished) {
      const ImVec4 color = task->failed ? ImVec4(1.0f, 0.45f, 0.4f, 1.0f)
                                        : ImVec4(0.55f, 0.85f, 0.55f, 1.0f);
      ImGui::TextColored(color, "%s: %s", task->label.c_str(),
                         task->message.empty() ? (task->failed ? "failed" : "done")
                                               : task->message.c_str());
    } else {
      ImGui::TextUnformatted(task->label.c_str());
      ImGui::SameLine();
      const double total = task->total.load();
      const double done = task->done.load();
      if (total > 0) {
        const float fraction = static_cast<float>(std::clamp(done / total, 0.0, 1.0));
        char overlay[32];
        std::snprintf(overlay, sizeof overlay, "%.0f%%", fraction * 100.0f);
        ImGui::ProgressBar(fraction, ImVec2(ImGui::GetContentRegionAvail().x * 0.45f, 0), overlay);
      } else {
        IndeterminateBar("working");
      }
      RecordItem("status.task." + std::to_string(task->id) + ".progress");
      ImGui::SameLine();
      const bool cancelling = task->cancel.load();
      if (cancelling) ImGui::BeginDisabled();
      if (ImGui::SmallButton(cancelling ? "Cancelling" : "Cancel")) task->cancel = true;
      if (cancelling) ImGui::EndDisabled();
      RecordItem("status.task." + std::to_string(task->id) + ".cancel");
    }
    ImGui::PopID();
  }
  if (any_finished) {
    if (ImGui::SmallButton("Dismiss finished")) app.DismissFinishedTasks();
    RecordItem("status.dismiss");
  }
  if (!app.last_message().empty()) {
    ImGui::TextWrapped("%s", app.last_message().c_str());
    RecordItem("status.message");
  }
  ImGui::End();
}

}  // namespace accord::explorer
