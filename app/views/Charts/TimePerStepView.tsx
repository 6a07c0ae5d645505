// Placeholder: replaced by the real view.
export function TimePerStepView() {
  return null;
}
