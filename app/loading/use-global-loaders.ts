/**
 * The page-wide ways in: paste anywhere (when no field has focus), drag and
 * drop a file anywhere, Ctrl/Cmd+O for the file picker, and the `#url=` /
 * `#sample=` address. Each ends in the store's one `load()`.
 */
import { useEffect, useState } from 'react';
import { useAppStore } from '../store/create-store';
import { fromFile, fromText, sourceFromHash } from './sources';

function isEditable(el: Element | null): boolean {
  if (!el) return false;
  const tag = el.tagName;
  return (
    tag === 'TEXTAREA' ||
    tag === 'SELECT' ||
    (tag === 'INPUT' &&
      !['button', 'checkbox', 'radio', 'file'].includes((el as HTMLInputElement).type)) ||
    (el as HTMLElement).isContentEditable
  );
}

/** Returns whether a file is being dragged over the page, for the drop overlay. */
export function useGlobalLoaders(openPicker: () => void): boolean {
  const store = useAppStore();
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    const load = store.getState().load;
    const onPaste = (e: ClipboardEvent) => {
      if (isEditable(document.activeElement)) return;
      const file = e.clipboardData?.files[0];
      const text = e.clipboardData?.getData('text/plain') ?? '';
      if (!file && !text) return;
      e.preventDefault();
      void load(file ? fromFile(file) : fromText(text));
    };
    let depth = 0;
    const hasFiles = (e: DragEvent) => [...(e.dataTransfer?.types ?? [])].includes('Files');
    const onDragEnter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setDragging(true);
    };
    const onDragOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const onDragLeave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (!depth) setDragging(false);
    };
    const onDrop = (e: DragEvent) => {
      depth = 0;
      setDragging(false);
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      e.preventDefault();
      void load(fromFile(file));
    };
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'o') {
        e.preventDefault();
        openPicker();
      }
    };
    const onHash = () => {
      const source = sourceFromHash(window.location.hash);
      if (source) void load(source);
    };
    onHash();
    window.addEventListener('paste', onPaste);
    window.addEventListener('dragenter', onDragEnter);
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('dragleave', onDragLeave);
    window.addEventListener('drop', onDrop);
    window.addEventListener('keydown', onKey);
    window.addEventListener('hashchange', onHash);
    return () => {
      window.removeEventListener('paste', onPaste);
      window.removeEventListener('dragenter', onDragEnter);
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('dragleave', onDragLeave);
      window.removeEventListener('drop', onDrop);
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('hashchange', onHash);
    };
  }, [store, openPicker]);

  return dragging;
}
