// ViewFrameToSvg: the drawn frame as an SVG file (see view_svg.hpp). Edges and arrow heads are
// drawn with the geometry of shaders/edge.vert.glsl, nodes as discs with their outline, labels
// with the same dark halo the renderer draws behind them.
#include "accord/explorer/view_svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "accord/graph/export_formats.hpp"

namespace accord::explorer {
namespace {

std::string Num(float v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", static_cast<double>(v));
  std::string s(buf);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

// IM_COL32 (0xAABBGGRR) as an SVG paint attribute pair: fill="#rrggbb" fill-opacity="a".
std::string Paint(const char* attr, uint32_t c) {
  char buf[96];
  const unsigned r = c & 0xff, g = (c >> 8) & 0xff, b = (c >> 16) & 0xff, a = (c >> 24) & 0xff;
  std::snprintf(buf, sizeof buf, "%s=\"#%02x%02x%02x\"", attr, r, g, b);
  std::string out(buf);
  if (a != 255) out += std::string(" ") + attr + "-opacity=\"" + Num(static_cast<float>(a) / 255.0f) + "\"";
  return out;
}

}  // namespace

std::string ViewFrameToSvg(const ViewFrame& f, float width, float height, float font_px) {
  std::ostringstream o;
  char bg[8];
  std::snprintf(bg, sizeof bg, "#%06x", kCanvasRgb);
  o << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << Num(width) << "\" height=\""
    << Num(height) << "\" viewBox=\"0 0 " << Num(width) << ' ' << Num(height) << "\">\n"
    << "<rect width=\"100%\" height=\"100%\" fill=\"" << bg << "\"/>\n<g class=\"edges\">\n";
  for (size_t k = 0; k < f.edge_x0.size(); ++k) {
    const float x0 = f.edge_x0[k], y0 = f.edge_y0[k], x1 = f.edge_x1[k], y1 = f.edge_y1[k];
    const float w = f.edge_width[k];
    const float dx = x1 - x0, dy = y1 - y0, len = std::sqrt(dx * dx + dy * dy);
    float ex = x1, ey = y1;
    float ux = 0, uy = 0, arrow = 0;
    if (len > 1e-3f) {
      ux = dx / len;
      uy = dy / len;
      arrow = std::min(std::max(7.0f, w * 4.0f), len * 0.5f);
      if (f.arrows) ex = x1 - ux * arrow * 0.8f, ey = y1 - uy * arrow * 0.8f;
    }
    o << "<line x1=\"" << Num(x0) << "\" y1=\"" << Num(y0) << "\" x2=\"" << Num(ex) << "\" y2=\""
      << Num(ey) << "\" " << Paint("stroke", f.edge_color[k]) << " stroke-width=\"" << Num(w)
      << "\"/>\n";
    if (f.arrows && len > 1e-3f) {
      const float bx = x1 - ux * arrow, by = y1 - uy * arrow, h = arrow * 0.5f;
      o << "<polygon points=\"" << Num(x1) << ',' << Num(y1) << ' ' << Num(bx - uy * h) << ','
        << Num(by + ux * h) << ' ' << Num(bx + uy * h) << ',' << Num(by - ux * h) << "\" "
        << Paint("fill", f.edge_color[k]) << "/>\n";
    }
  }
  o << "</g>\n<g class=\"nodes\" stroke-width=\"1.5\">\n";
  for (size_t i = 0; i < f.node_x.size(); ++i) {
    o << "<circle cx=\"" << Num(f.node_x[i]) << "\" cy=\"" << Num(f.node_y[i]) << "\" r=\""
      << Num(f.node_radius[i]) << "\" " << Paint("fill", f.node_fill[i]) << ' '
      << Paint("stroke", f.node_outline[i]) << "/>\n";
  }
  o << "</g>\n<g class=\"labels\" font-family=\"'DejaVu Sans', Arial, sans-serif\" font-size=\""
    << Num(font_px) << "\" stroke=\"#0a0b0e\" stroke-opacity=\"0.78\" stroke-width=\"2.5\" "
       "stroke-linejoin=\"round\" paint-order=\"stroke\">\n";
  for (const ViewFrame::Label& l : f.labels) {
    // ViewFrame gives the top-left corner; SVG places text by its baseline.
    o << "<text x=\"" << Num(l.x) << "\" y=\"" << Num(l.y + font_px * 0.8f) << "\" "
      << Paint("fill", l.color) << '>' << graph::XmlEscape(l.text) << "</text>\n";
  }
  o << "</g>\n</svg>\n";
  return o.str();
}

}  // namespace accord::explorer
