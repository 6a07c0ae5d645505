// Placeholder: replaced by the real view.
export function TimePerKindView() {
  return null;
}
