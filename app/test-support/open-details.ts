import { act, fireEvent, screen } from '@testing-library/react';

/** Opens the <details> whose summary has this text, as a click would (jsdom does not toggle it). */
export function openDetails(summary: string): void {
  const details = screen.getByText(summary).closest('details');
  if (!details) throw new Error(`no <details> with the summary ${summary}`);
  act(() => {
    details.open = true;
    fireEvent(details, new Event('toggle'));
  });
}
