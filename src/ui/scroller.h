// Scrolling for one ImGui child window, the way a reader expects it on each device:
// - mouse wheel and trackpad: smooth (eased towards a target), instant with reduced motion;
// - keyboard: Space / Shift+Space, Page Up/Down, Home/End, arrows (when no widget is active);
// - touch: the content follows the finger; on release it glides with inertia and friction;
// - the scroll bar stays ImGui's own and can be dragged.
// The window must be created with ImGuiWindowFlags_NoScrollWithMouse (the wheel is handled here).
#pragma once

namespace reader::ui {

class Scroller {
 public:
  struct Options {
    bool reduced_motion = false;  // prefers-reduced-motion: no easing, no inertia
    bool keyboard = true;         // keys scroll this window
  };
  // Call between BeginChild and EndChild, after the content. Returns true while it moves
  // (the caller then asks for another frame).
  bool update(const Options& options);
  // Scrolls to `y` (content coordinates), eased unless reduced motion.
  void scroll_to(float y) { target_ = y; pending_ = true; }
  // Forget any motion (a new view starts at its own position).
  void reset() { velocity_ = 0; dragging_ = false; moving_ = false; pending_ = false; }
  bool dragging() const { return dragging_; }
  // True when the last update() moved on the reader's own input (wheel, keys, finger).
  bool moved_by_user() const { return moved_by_user_; }

 private:
  float target_ = 0;
  float velocity_ = 0;  // px/s, touch inertia
  float since_move_ = 0;  // s since the finger last moved, while dragging
  bool dragging_ = false;
  bool moving_ = false;
  bool pending_ = false;
  bool moved_by_user_ = false;
};

}  // namespace reader::ui
