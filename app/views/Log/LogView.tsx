// Placeholder: replaced by the real view.
export function LogView() {
  return null;
}
