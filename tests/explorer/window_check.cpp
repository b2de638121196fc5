// Checker of the scripted window run (tests/explorer/scripted_run.sh): reads the screenshot, the
// frame dump written with it (accord-explorer --dump-frame) and the exported subgraph, and checks
//   - the export parses as accord-graph JSON with at least --min-nodes nodes and every
//     --expect-node label;
//   - the frame dump agrees with the layout: each node's screen position is its world position
//     through the dumped camera;
//   - the picture is the dumped size, is not blank, shows each uncovered node's fill colour at
//     its centre (the layout's place) and ink where each uncovered label is;
//   - with --expect-selected LABEL: the dump's selection holds it.
// Prints one line per failed check and exits 1, else prints a summary and exits 0.
#include <rapidjson/document.h>
#include <stb_image.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace {

int g_failures = 0;

void Failed(const std::string& message) {
  std::fprintf(stderr, "window_check: %s\n", message.c_str());
  ++g_failures;
}

bool ReadJson(const std::string& path, rapidjson::Document* doc) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    Failed("cannot read " + path);
    return false;
  }
  std::stringstream text;
  text << file.rdbuf();
  doc->Parse(text.str().c_str());
  if (doc->HasParseError() || !doc->IsObject()) {
    Failed(path + " is not a JSON object");
    return false;
  }
  return true;
}

struct Rgb {
  int r, g, b;
};

Rgb ParseHex(const std::string& hex) {  // "#rrggbbaa"
  unsigned value = std::strtoul(hex.c_str() + 1, nullptr, 16);
  if (hex.size() == 9) value >>= 8;
  return {static_cast<int>((value >> 16) & 0xff), static_cast<int>((value >> 8) & 0xff),
          static_cast<int>(value & 0xff)};
}

int Distance(Rgb a, Rgb b) {
  return std::max({std::abs(a.r - b.r), std::abs(a.g - b.g), std::abs(a.b - b.b)});
}

struct Rect {
  float x, y, w, h;
  bool Contains(float px, float py, float margin) const {
    return px >= x - margin && px <= x + w + margin && py >= y - margin && py <= y + h + margin;
  }
};

}  // namespace

int main(int argc, char** argv) {
  std::string png_path, frame_path, export_path;
  std::vector<std::string> expect_nodes, expect_selected;
  long min_nodes = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string key = argv[i], value = argv[i + 1];
    if (key == "--png")
      png_path = value;
    else if (key == "--frame")
      frame_path = value;
    else if (key == "--export")
      export_path = value;
    else if (key == "--expect-node")
      expect_nodes.push_back(value);
    else if (key == "--expect-selected")
      expect_selected.push_back(value);
    else if (key == "--min-nodes")
      min_nodes = std::strtol(value.c_str(), nullptr, 10);
    else {
      std::fprintf(stderr, "window_check: unknown option %s\n", key.c_str());
      return 2;
    }
  }

  // ---- the export ----------------------------------------------------------------------------
  if (!export_path.empty()) {
    rapidjson::Document doc;
    if (ReadJson(export_path, &doc)) {
      if (!doc.HasMember("format") || !doc["format"].IsString() ||
          std::string(doc["format"].GetString()) != "accord-graph") {
        Failed(export_path + " does not say \"format\": \"accord-graph\"");
      }
      if (!doc.HasMember("nodes") || !doc["nodes"].IsArray()) {
        Failed(export_path + " has no nodes array");
      } else {
        const auto& nodes = doc["nodes"];
        if (static_cast<long>(nodes.Size()) < min_nodes) {
          Failed(export_path + " has " + std::to_string(nodes.Size()) +
                 " nodes, expected >= " + std::to_string(min_nodes));
        }
        for (const std::string& want : expect_nodes) {
          bool found = false;
          for (const auto& node : nodes.GetArray()) {
            if (node.HasMember("label") && node["label"].IsString() &&
                want == node["label"].GetString()) {
              found = true;
            }
          }
          if (!found) Failed(export_path + " has no node labelled '" + want + "'");
        }
        std::printf("export: %u nodes, %u links\n", nodes.Size(),
                    doc.HasMember("links") && doc["links"].IsArray() ? doc["links"].Size() : 0);
      }
    }
  }

  if (frame_path.empty() || png_path.empty()) return g_failures ? 1 : 0;

  // ---- the frame dump and the picture ----------------------------------------------------------
  rapidjson::Document frame;
  if (!ReadJson(frame_path, &frame)) return 1;
  int width = 0, height = 0, channels = 0;
  std::unique_ptr<unsigned char, void (*)(void*)> pixels(
      stbi_load(png_path.c_str(), &width, &height, &channels, 3), stbi_image_free);
  if (!pixels) {
    Failed("cannot read the picture " + png_path);
    return 1;
  }
  const float view_w = frame["viewport"][0].GetFloat();
  const float view_h = frame["viewport"][1].GetFloat();
  const float scale = frame["pixel_scale"].GetFloat();
  if (std::abs(view_w * scale - width) > 1 || std::abs(view_h * scale - height) > 1) {
    Failed("the picture is " + std::to_string(width) + "x" + std::to_string(height) +
           ", the frame " + std::to_string(view_w * scale) + "x" + std::to_string(view_h * scale));
    return 1;
  }
  auto at = [&](float wx, float wy) {
    int px = std::clamp(static_cast<int>(wx * scale), 0, width - 1);
    int py = std::clamp(static_cast<int>(wy * scale), 0, height - 1);
    const unsigned char* p = pixels.get() + (static_cast<size_t>(py) * width + px) * 3;
    return Rgb{p[0], p[1], p[2]};
  };

  // Not blank: the background colour is the most common one; enough pixels differ from it and
  // the picture has some variety.
  const Rgb background = at(0.5f * view_w, 0.5f * view_h);  // refined below
  std::vector<int> histogram(4096, 0);
  for (int i = 0; i < width * height; ++i) {
    const unsigned char* p = pixels.get() + static_cast<size_t>(i) * 3;
    ++histogram[(p[0] >> 4) << 8 | (p[1] >> 4) << 4 | (p[2] >> 4)];
  }
  int common = 0, distinct = 0;
  for (int k = 0; k < 4096; ++k) {
    if (histogram[k] > histogram[common]) common = k;
    if (histogram[k] > 0) ++distinct;
  }
  (void)background;
  const double background_share = static_cast<double>(histogram[common]) / (width * height);
  if (background_share > 0.985 || distinct < 16) {
    Failed("the picture looks blank (" + std::to_string(distinct) + " colour bins, " +
           std::to_string(static_cast<int>(background_share * 100)) + "% background)");
  }
  const Rgb bg{((common >> 8) & 15) * 16 + 8, ((common >> 4) & 15) * 16 + 8,
               (common & 15) * 16 + 8};

  std::vector<Rect> panels;
  if (frame.HasMember("panels")) {
    for (const auto& p : frame["panels"].GetArray()) {
      panels.push_back({p[0].GetFloat(), p[1].GetFloat(), p[2].GetFloat(), p[3].GetFloat()});
    }
  }
  auto under_panel = [&](float x, float y, float margin) {
    for (const Rect& r : panels) {
      if (r.Contains(x, y, margin)) return true;
    }
    return false;
  };

  const float cx = frame["camera"]["center_x"].GetFloat();
  const float cy = frame["camera"]["center_y"].GetFloat();
  const float zoom = frame["camera"]["zoom"].GetFloat();
  const auto& nodes = frame["nodes"].GetArray();
  struct Node {
    float x, y, r;
    Rgb fill;
    int alpha;
    std::string label;
  };
  std::vector<Node> drawn;
  int transform_errors = 0;
  for (const auto& n : nodes) {
    Node node{n["x"].GetFloat(),
              n["y"].GetFloat(),
              n["r"].GetFloat(),
              ParseHex(n["fill"].GetString()),
              255,
              n.HasMember("label") ? n["label"].GetString() : ""};
    std::string hex = n["fill"].GetString();
    if (hex.size() == 9) node.alpha = static_cast<int>(std::strtoul(hex.c_str() + 7, nullptr, 16));
    if (n.HasMember("world_x")) {
      float sx = (n["world_x"].GetFloat() - cx) * zoom + view_w * 0.5f;
      float sy = (n["world_y"].GetFloat() - cy) * zoom + view_h * 0.5f;
      if (std::abs(sx - node.x) > 1.0f || std::abs(sy - node.y) > 1.0f) ++transform_errors;
    }
    drawn.push_back(node);
  }
  if (transform_errors > 0) {
    Failed(std::to_string(transform_errors) +
           " drawn nodes are not where the layout and the camera put them");
  }
  if (drawn.empty()) Failed("the frame draws no nodes");

  // Nodes: the fill colour at the centre of each node that nothing covers (a panel, a node
  // drawn later, a label).
  std::vector<Rect> label_boxes;
  for (const auto& l : frame["labels"].GetArray()) {
    label_boxes.push_back({l["x"].GetFloat(), l["y"].GetFloat(),
                           7.0f * static_cast<float>(std::string(l["text"].GetString()).size()),
                           16.0f});
  }
  int checked = 0, matched = 0;
  std::string misses;
  for (size_t i = 0; i < drawn.size(); ++i) {
    const Node& n = drawn[i];
    if (n.r < 2.5f || n.alpha < 200) continue;
    if (n.x < 2 || n.y < 2 || n.x > view_w - 2 || n.y > view_h - 2) continue;
    if (under_panel(n.x, n.y, 2)) continue;
    bool covered = false;
    for (size_t k = i + 1; k < drawn.size() && !covered; ++k) {
      float dx = drawn[k].x - n.x, dy = drawn[k].y - n.y;
      covered = std::sqrt(dx * dx + dy * dy) < drawn[k].r + 2;
    }
    for (const Rect& box : label_boxes) {
      if (box.Contains(n.x, n.y, 2)) covered = true;
    }
    if (covered) continue;
    ++checked;
    if (Distance(at(n.x, n.y), n.fill) <= 40) {
      ++matched;
    } else if (misses.size() < 300) {
      Rgb got = at(n.x, n.y);
      char buf[160];
      std::snprintf(buf, sizeof buf, " '%s' at (%.0f,%.0f) is %d,%d,%d not %d,%d,%d;",
                    n.label.c_str(), n.x, n.y, got.r, got.g, got.b, n.fill.r, n.fill.g, n.fill.b);
      misses += buf;
    }
  }
  if (checked == 0) {
    Failed("no drawn node could be checked (all covered or tiny)");
  } else if (matched * 10 < checked * 9) {
    Failed("only " + std::to_string(matched) + " of " + std::to_string(checked) +
           " uncovered nodes show their colour at their place:" + misses);
  }

  // Labels: ink (pixels far from the background) in the box where each label starts.
  int labels_checked = 0, labels_inked = 0;
  for (const Rect& box : label_boxes) {
    if (under_panel(box.x, box.y, 2) || under_panel(box.x + 20, box.y + 12, 2)) continue;
    if (box.x < 0 || box.y < 0 || box.x + 20 > view_w || box.y + 14 > view_h) continue;
    ++labels_checked;
    int ink = 0;
    for (float y = box.y; y < box.y + 14; y += 1) {
      for (float x = box.x; x < box.x + std::min(box.w, 30.0f); x += 1) {
        Rgb p = at(x, y);
        if (p.r + p.g + p.b > 450 && Distance(p, bg) > 100) ++ink;
      }
    }
    if (ink >= 4) ++labels_inked;
  }
  if (label_boxes.empty()) Failed("the frame places no labels");
  if (labels_checked > 0 && labels_inked * 10 < labels_checked * 8) {
    Failed("only " + std::to_string(labels_inked) + " of " + std::to_string(labels_checked) +
           " labels show text where they are placed");
  }

  for (const std::string& want : expect_selected) {
    bool found = false;
    for (const auto& s : frame["selection"].GetArray()) found = found || want == s.GetString();
    if (!found) Failed("'" + want + "' is not selected in the frame dump");
  }

  std::printf(
      "picture %dx%d: %d colour bins, %.1f%% background; nodes %d/%d at their place; "
      "labels %d/%d inked\n",
      width, height, distinct, background_share * 100, matched, checked, labels_inked,
      labels_checked);
  return g_failures ? 1 : 0;
}
