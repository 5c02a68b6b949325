// Every file of a set: size, stored state, and a bar with bytes while it is partial.
import type { FileState, SetFile } from '../../store/set-install';
import { formatBytes } from './format';

function stateText(s: FileState | undefined, total?: number): string {
  if (!s || s.kind === 'missing') return 'missing';
  if (s.kind === 'partial') return `partial ${total ? Math.floor((100 * s.bytesDone) / total) : 0}%`;
  if (s.kind === 'stale') return 'changed on host';
  return s.kind === 'error' ? 'failed' : s.kind;
}

export function FileTable({ files, states }: { files: SetFile[]; states: Record<string, FileState> }) {
  return (
    <table className="mm-files">
      <tbody>
        {files.map((f) => {
          const st = states[f.storePath];
          const showBar = f.bytes !== undefined && (st?.kind === 'partial' || (st?.kind === 'error' && st.bytesDone > 0));
          return (
            <tr key={f.storePath} data-testid="file-row" data-path={f.storePath}>
              <td className="mm-path">{f.path}</td>
              <td data-testid="file-size">{f.bytes === undefined ? '?' : formatBytes(f.bytes)}</td>
              <td
                data-testid="file-status"
                className={`mm-state-${st?.kind ?? 'missing'}`}
                title={st?.kind === 'error' ? st.message : undefined}
              >
                {stateText(st, f.bytes)}
              </td>
              <td className="mm-file-bar">
                {showBar && (
                  <>
                    <progress max={f.bytes} value={st.bytesDone} data-testid="file-progress" />
                    <span className="muted" data-testid="file-bytes">
                      {formatBytes(st.bytesDone)} / {formatBytes(f.bytes!)}
                    </span>
                  </>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
