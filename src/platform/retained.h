// Retained geometry: drawing kept between frames, which a renderer keeps on the GPU and draws
// again where a draw command asks for it, instead of the view writing the same vertices into
// ImGui's draw lists and the renderer uploading them at every frame.
//
// Contract (views produce, renderers consume; header-only, no platform calls):
//  - a RetainedGeometry never changes after it is first drawn: new content is a new geometry
//    with a new id (ids are never reused in a process), so a renderer may keep what it uploaded
//    under the id;
//  - a view draws one with add_retained(list, geometry): a callback command (ImDrawList::
//    AddCallback) whose data is the geometry and whose clip rectangle is the list's current one.
//    The renderer draws the geometry's triangles moved by `offset` (set by the view for this
//    frame; a geometry is drawn at most once per frame), clipped to that rectangle, with the
//    geometry's texture, then goes on with the list as before;
//  - the geometry outlives the frame's rendering (the view keeps it until a later frame);
//  - a renderer that does not know retained_marker must expand the geometry itself (tests do:
//    tests/ui/headless_test.cpp, flat_triangles), never call the marker.
#pragma once
#include <cstdint>
#include <vector>

#include <imgui.h>

namespace reader::platform {

struct RetainedGeometry {
  std::uint64_t id = 0;           // unique in the process: next_retained_id()
  ImTextureID texture = nullptr;  // every triangle samples this texture
  std::vector<ImDrawVert> vertices;
  std::vector<ImDrawIdx> indices;  // into `vertices`, three per triangle
  ImVec2 offset;                   // added to every vertex when drawn this frame
};

inline std::uint64_t next_retained_id() {
  static std::uint64_t last = 0;
  return ++last;
}

// The callback that marks a retained draw; never called (see the contract above).
inline void retained_marker(const ImDrawList*, const ImDrawCmd*) {}

inline bool is_retained(const ImDrawCmd& cmd) { return cmd.UserCallback == &retained_marker; }

inline const RetainedGeometry& retained_of(const ImDrawCmd& cmd) { return *static_cast<const RetainedGeometry*>(cmd.UserCallbackData); }

inline void add_retained(ImDrawList* list, const RetainedGeometry& geometry) {
  list->AddCallback(&retained_marker, const_cast<RetainedGeometry*>(&geometry));
}

}  // namespace reader::platform
