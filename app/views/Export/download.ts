/**
 * Saving a file from the page: a Blob URL on an `<a download>`, clicked. The
 * URL is revoked a while after the click, not at once: a browser may read it
 * after `click()` has returned (FileSaver.js waits 40 s for the same reason).
 */
const REVOKE_AFTER_MS = 30_000;

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  try {
    a.click();
  } finally {
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  }
}

export const downloadText = (text: string, mime: string, fileName: string): void =>
  downloadBlob(new Blob([text], { type: mime }), fileName);
