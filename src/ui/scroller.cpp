// Scrolling behaviour (see scroller.h).
#include "scroller.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace reader::ui {

namespace {
constexpr float kWheelStep = 110.f;      // CSS px per wheel notch (about four lines)
constexpr float kArrowStep = 48.f;
constexpr float kEaseRate = 16.f;        // 1/s: ~95% of the way in 0.19 s
constexpr float kFriction = 3.5f;        // 1/s: inertia decays to 5% in about 0.9 s
constexpr float kStopSpeed = 12.f;       // px/s
}  // namespace

bool Scroller::update(const Options& o) {
  ImGuiIO& io = ImGui::GetIO();
  const float dt = std::clamp(io.DeltaTime, 1.f / 240.f, 0.1f);
  const float current = ImGui::GetScrollY();
  const float max = ImGui::GetScrollMaxY();
  if (!moving_ && !pending_) target_ = current;  // the scroll bar or a jump moved us: follow
  pending_ = false;
  const bool hovered = ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows);
  const float target_before = target_;
  moved_by_user_ = false;

  if (hovered && io.MouseWheel != 0.f) {
    target_ -= io.MouseWheel * kWheelStep;
    velocity_ = 0;
  }
  if (o.keyboard && !io.WantTextInput && !ImGui::IsAnyItemActive() && !io.KeyCtrl && !io.KeyAlt && !io.KeySuper) {
    const float page = std::max(ImGui::GetWindowHeight() - 64.f, 64.f);
    const bool space = ImGui::IsKeyPressed(ImGuiKey_Space);
    if (ImGui::IsKeyPressed(ImGuiKey_PageDown) || (space && !io.KeyShift)) target_ += page;
    if (ImGui::IsKeyPressed(ImGuiKey_PageUp) || (space && io.KeyShift)) target_ -= page;
    if (ImGui::IsKeyPressed(ImGuiKey_Home)) target_ = 0;
    if (ImGui::IsKeyPressed(ImGuiKey_End)) target_ = max;
    if (ImGui::IsKeyPressed(ImGuiKey_DownArrow)) target_ += kArrowStep;
    if (ImGui::IsKeyPressed(ImGuiKey_UpArrow)) target_ -= kArrowStep;
  }

  if (target_ != target_before) moved_by_user_ = true;

  // Touch: follow the finger, measure its speed, glide after release.
  const bool touch = io.MouseSource == ImGuiMouseSource_TouchScreen;
  if (touch && io.MouseDown[0] && (dragging_ || (hovered && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 6.f)))) {
    if (!dragging_) velocity_ = since_move_ = 0;
    dragging_ = true;
    const float dy = io.MouseDelta.y;
    target_ = std::clamp(current - dy, 0.f, max);
    ImGui::SetScrollY(target_);
    // The finger's speed from its moves, not from frames: frames can come faster than touch
    // events, and a frame without a move must not read as the finger slowing down. A finger
    // that rests a moment before lifting does not fling.
    since_move_ += dt;
    if (dy != 0.f) {
      const float instant = -dy / since_move_;
      velocity_ = velocity_ * 0.6f + instant * 0.4f;
      since_move_ = 0;
    } else if (since_move_ > 0.2f) {
      velocity_ = 0;
    }
    moving_ = true;
    moved_by_user_ = true;
    return true;
  }
  if (dragging_) {
    dragging_ = false;
    if (o.reduced_motion) velocity_ = 0;
  }
  if (std::fabs(velocity_) > kStopSpeed) {
    float next = current + velocity_ * dt;
    velocity_ *= std::exp(-kFriction * dt);
    if (next <= 0.f || next >= max) { next = std::clamp(next, 0.f, max); velocity_ = 0; }
    target_ = next;
    ImGui::SetScrollY(next);
    moving_ = true;
    return true;
  }
  velocity_ = 0;

  target_ = std::clamp(target_, 0.f, max);
  const float diff = target_ - current;
  if (std::fabs(diff) > 0.5f) {
    // ImGui keeps whole-pixel scroll positions: always move at least one pixel, then snap.
    const float step = diff * (1.f - std::exp(-kEaseRate * dt));
    const float next = o.reduced_motion || std::fabs(diff) <= 1.f ? target_ : current + std::copysign(std::max(std::fabs(step), 1.f), diff);
    ImGui::SetScrollY(next);
    moving_ = true;
    return true;
  }
  moving_ = false;
  return false;
}

}  // namespace reader::ui
