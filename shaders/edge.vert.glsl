#version 330 core
// Instanced edges: one instance per ViewFrame edge, drawn as a screen-space anti-aliased quad of
// the edge's width (u_mode 0, GL_TRIANGLES, 6 vertices), as a 1-pixel GL line (u_mode 2,
// GL_LINES, 2 vertices: the cheap path for dense frames) or as an arrow head at its end point
// (u_mode 1, 3 vertices; the tip touches (x1, y1), which GraphView puts on the target node's
// rim). With u_thin_max > 0, edges at most that wide go to the line pass and the quad pass
// skips them (and the other way round).
// Coordinates in window pixels with the origin top-left; colour RGBA8 0xAABBGGRR, normalized.
layout(location = 0) in float a_x0;
layout(location = 1) in float a_y0;
layout(location = 2) in float a_x1;
layout(location = 3) in float a_y1;
layout(location = 4) in float a_width;
layout(location = 5) in vec4 a_color;

uniform vec2 u_viewport;      // window size in pixels
uniform int u_mode;           // 0 quad body, 1 arrow head, 2 line body
uniform float u_thin_max;     // > 0: edges up to this width are lines, wider ones quads
uniform int u_arrows_on;      // arrow heads drawn this frame: bodies stop at their base

out float v_across;           // signed pixel distance from the centre line
flat out float v_half;        // half width in pixels (0 for arrow heads: no edge smoothing)
flat out vec4 v_color;

void main() {
  vec2 p0 = vec2(a_x0, a_y0);
  vec2 p1 = vec2(a_x1, a_y1);
  vec2 d = p1 - p0;
  float len = length(d);
  vec2 dir = len > 1e-4 ? d / len : vec2(1.0, 0.0);
  vec2 normal = vec2(-dir.y, dir.x);
  float arrow_len = min(max(7.0, a_width * 4.0), len * 0.5);
  float arrow_half = arrow_len * 0.5;
  vec2 pixel;
  v_color = a_color;
  bool thin = a_width <= u_thin_max;
  if ((u_mode == 0 && thin) || (u_mode == 2 && !thin)) {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);  // the other pass draws it: clipped away
    v_across = 0.0;
    v_half = 0.0;
    return;
  }
  if (u_mode == 1) {
    int v = gl_VertexID % 3;
    vec2 base = p1 - dir * arrow_len;
    pixel = v == 0 ? p1 : base + normal * (v == 1 ? arrow_half : -arrow_half);
    v_across = 0.0;
    v_half = 0.0;
  } else if (u_mode == 2) {
    vec2 end = u_arrows_on == 1 ? p1 - dir * arrow_len * 0.8 : p1;
    pixel = (gl_VertexID % 2) == 0 ? p0 : end;
    v_across = 0.0;
    v_half = 0.0;
    v_color.a *= clamp(a_width, 0.25, 1.0);
  } else {
    // Two triangles: (0,-) (1,-) (0,+) / (0,+) (1,-) (1,+); 1 px extra for the smooth rim.
    int v = gl_VertexID % 6;
    float along = (v == 1 || v == 4 || v == 5) ? 1.0 : 0.0;
    float side = (v == 2 || v == 3 || v == 5) ? 1.0 : -1.0;
    float half_width = max(a_width, 1.0) * 0.5;
    float extent = half_width + 1.0;
    vec2 end = u_arrows_on == 1 ? p1 - dir * arrow_len * 0.8 : p1;
    pixel = mix(p0, end, along) + normal * side * extent;
    v_across = side * extent;
    v_half = half_width;
    // Hair-thin edges fade instead of shrinking below a pixel.
    if (a_width < 1.0) v_color.a *= max(a_width, 0.25);
  }
  vec2 ndc = pixel / u_viewport * 2.0 - 1.0;
  gl_Position = vec4(ndc.x, -ndc.y, 0.0, 1.0);
}
