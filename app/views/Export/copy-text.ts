/**
 * Puts text on the clipboard that is still being made (here: asked of the
 * worker). Safari lets a page write the clipboard only within the click, so
 * the text goes in as a promise through ClipboardItem where there is one;
 * elsewhere it is written once it is there.
 */
export async function copyText(text: Promise<string>): Promise<void> {
  const clipboard = globalThis.navigator?.clipboard;
  if (!clipboard) throw new Error('this page may not use the clipboard');
  if (typeof ClipboardItem !== 'undefined' && typeof clipboard.write === 'function') {
    const blob = text.then((t) => new Blob([t], { type: 'text/plain' }));
    await clipboard.write([new ClipboardItem({ 'text/plain': blob })]);
    return;
  }
  await clipboard.writeText(await text);
}
