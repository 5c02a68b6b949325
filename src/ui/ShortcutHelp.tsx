// Listens for the viewer's keyboard shortcuts page-wide and shows their help overlay (from the same table).
import { useEffect } from 'react';
import { useViewer } from '../state/viewer';
import { handleShortcut, SHORTCUTS } from './shortcuts';

export function ShortcutHelp() {
  const open = useViewer((s) => s.help);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (handleShortcut(e)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  if (!open) return null;
  return (
    <div
      className="shortcut-help"
      role="dialog"
      aria-label="Keyboard shortcuts"
      data-testid="shortcut-help"
      onClick={() => useViewer.getState().setHelp(false)}
    >
      <div className="shortcut-card" onClick={(e) => e.stopPropagation()}>
        <div className="shortcut-head">
          <span>Keyboard shortcuts</span>
          <button className="link" onClick={() => useViewer.getState().setHelp(false)} data-testid="shortcut-help-close">
            close
          </button>
        </div>
        <table>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.keys}>
                <td>
                  <kbd>{s.keys}</kbd>
                </td>
                <td>{s.does}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
