// Frame dumps as JSON for the window tests (see frame_dump.hpp).
#include "frame_dump.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <system_error>

#include "accord/graph/json_io.hpp"

namespace accord::explorer {
namespace {

void AppendNumber(std::string& out, double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", value);
  out += buf;
}

// 0xAABBGGRR -> "#rrggbbaa"
std::string HexColor(uint32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x%02x", c & 0xff, (c >> 8) & 0xff, (c >> 16) & 0xff,
                (c >> 24) & 0xff);
  return buf;
}

}  // namespace

graph::Status WriteFrameDump(const std::filesystem::path& path, const App& app,
                             const GraphView& view, float pixel_scale,
                             const std::vector<std::array<float, 4>>& panels) {
  const ViewFrame& frame = view.frame();
  const Camera& camera = view.camera();
  const graph::Snapshot& snap = app.snapshot();
  std::span<const float> wx = app.x();
  std::span<const float> wy = app.y();
  std::string out;
  out.reserve(256 + frame.node_x.size() * 160);
  out += "{\n  \"viewport\": [";
  AppendNumber(out, camera.width);
  out += ", ";
  AppendNumber(out, camera.height);
  out += "],\n  \"pixel_scale\": ";
  AppendNumber(out, pixel_scale);
  out += ",\n  \"camera\": {\"center_x\": ";
  AppendNumber(out, camera.center_x);
  out += ", \"center_y\": ";
  AppendNumber(out, camera.center_y);
  out += ", \"zoom\": ";
  AppendNumber(out, camera.zoom);
  out += "},\n  \"arrows\": ";
  out += frame.arrows ? "true" : "false";
  out += ",\n  \"selection\": [";
  bool first = true;
  for (uint32_t node : app.selection()) {
    if (node >= snap.NodeCount()) continue;
    if (!first) out += ", ";
    first = false;
    graph::AppendJsonString(out, snap.labels[node]);
  }
  out += "],\n  \"edges\": ";
  out += std::to_string(frame.edge_x0.size());
  double edge_length = 0, edge_width = 0;
  for (size_t i = 0; i < frame.edge_x0.size(); ++i) {
    double dx = frame.edge_x1[i] - frame.edge_x0[i], dy = frame.edge_y1[i] - frame.edge_y0[i];
    edge_length += std::sqrt(dx * dx + dy * dy);
    edge_width += frame.edge_width[i];
  }
  out += ",\n  \"edge_length_px\": ";
  AppendNumber(out, edge_length);
  out += ",\n  \"edge_width_mean\": ";
  AppendNumber(out, frame.edge_x0.empty() ? 0.0 : edge_width / frame.edge_x0.size());
  out += ",\n  \"nodes\": [";
  for (size_t i = 0; i < frame.node_x.size(); ++i) {
    uint32_t node = i < frame.node_index.size() ? frame.node_index[i] : 0;
    out += i == 0 ? "\n    {" : ",\n    {";
    out += "\"index\": " + std::to_string(node);
    if (node < snap.NodeCount()) {
      out += ", \"id\": " + std::to_string(snap.ids[node]);
      out += ", \"label\": ";
      graph::AppendJsonString(out, snap.labels[node]);
      out += ", \"type\": ";
      graph::AppendJsonString(out, snap.type_names[snap.types[node]]);
      if (node < wx.size() && node < wy.size()) {
        out += ", \"world_x\": ";
        AppendNumber(out, wx[node]);
        out += ", \"world_y\": ";
        AppendNumber(out, wy[node]);
      }
    }
    out += ", \"x\": ";
    AppendNumber(out, frame.node_x[i]);
    out += ", \"y\": ";
    AppendNumber(out, frame.node_y[i]);
    out += ", \"r\": ";
    AppendNumber(out, frame.node_radius[i]);
    out += ", \"fill\": \"" + HexColor(frame.node_fill[i]) + "\"}";
  }
  out += "\n  ],\n  \"labels\": [";
  for (size_t i = 0; i < frame.labels.size(); ++i) {
    const ViewFrame::Label& label = frame.labels[i];
    out += i == 0 ? "\n    {\"x\": " : ",\n    {\"x\": ";
    AppendNumber(out, label.x);
    out += ", \"y\": ";
    AppendNumber(out, label.y);
    out += ", \"text\": ";
    graph::AppendJsonString(out, label.text);
    out += "}";
  }
  out += "\n  ],\n  \"panels\": [";
  for (size_t i = 0; i < panels.size(); ++i) {
    out += i == 0 ? "[" : ", [";
    for (size_t k = 0; k < 4; ++k) {
      if (k) out += ", ";
      AppendNumber(out, panels[i][k]);
    }
    out += "]";
  }
  out += "]\n}\n";

  std::filesystem::path temp = path;
  temp += ".tmp";
  {
    std::ofstream file(temp, std::ios::binary | std::ios::trunc);
    file.write(out.data(), static_cast<std::streamsize>(out.size()));
    if (!file) {
      return graph::Fail(graph::ErrorCode::kIo, "cannot write the frame dump " + temp.string());
    }
  }
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) {
    return graph::Fail(graph::ErrorCode::kIo,
                       "cannot write the frame dump " + path.string() + ": " + ec.message());
  }
  return {};
}

}  // namespace accord::explorer
