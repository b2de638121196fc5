#version 330 core
// Anti-aliased disc with an outline: the distance from the centre, smoothed over one pixel
// (fwidth), picks the fill inside, the outline in a ring of u_outline_px, transparent outside.
in vec2 v_local;
flat in float v_radius;
flat in vec4 v_fill;
flat in vec4 v_outline;

uniform float u_outline_px;   // outline width in pixels (scaled for high DPI)

out vec4 frag_color;

void main() {
  float dist = length(v_local);
  float aa = max(fwidth(dist), 0.5);
  float outline = min(u_outline_px, v_radius * 0.35);
  float inside = 1.0 - smoothstep(v_radius - aa, v_radius + aa, dist);
  if (inside <= 0.0) discard;
  float ring = smoothstep(v_radius - outline - aa, v_radius - outline + aa, dist);
  vec4 color = mix(v_fill, v_outline, ring * v_outline.a);
  color.a = max(v_fill.a, ring * v_outline.a) * inside;
  frag_color = color;
}
