// Placeholder: replaced by the real view.
export function CacheView() {
  return null;
}
