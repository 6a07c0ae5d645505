// Placeholder: replaced by the real view.
export function TimelineView() {
  return null;
}
