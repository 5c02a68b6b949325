// Drag-and-drop of an image anywhere on the page. Listens on window so dropping outside any particular
// box still works; the overlay appears only while files are dragged over.
import { useEffect, useState } from 'react';
import { useGeneration } from '../state/generation';
import { useModels } from '../state/models';
import { acceptImageFile } from './PromptBar';

const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');

export function DropTarget() {
  const [over, setOver] = useState(false);
  useEffect(() => {
    let depth = 0; // dragenter/leave fire for every child element crossed
    const enter = (e: DragEvent) => {
      // Over the Models panel, dropped files are model files to import (ImportDropZone), not an image.
      if (!hasFiles(e) || useModels.getState().open) return;
      depth++;
      setOver(true);
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (!depth) setOver(false);
    };
    const overFn = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault(); // allows the drop
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e) || useModels.getState().open) return;
      e.preventDefault();
      depth = 0;
      setOver(false);
      const file = e.dataTransfer?.files[0];
      if (file && useGeneration.getState().phase === 'idle') void acceptImageFile(file);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', overFn);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', overFn);
      window.removeEventListener('drop', drop);
    };
  }, []);
  return over ? (
    <div className="drop-overlay" data-testid="drop-overlay">
      Drop the image to use it instead of a prompt
    </div>
  ) : null;
}
