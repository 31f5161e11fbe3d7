import { useState } from 'react';
import { useApi } from '../api/api-context';
import { useAction } from '../api/hooks';
import { ErrorNote, Modal, PinField } from './ui';

export function UnlockDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const api = useApi();
  const [pin, setPin] = useState('');
  const { busy, error, run, clear } = useAction();
  const close = () => {
    setPin('');
    clear();
    onClose();
  };
  return (
    <Modal title="Unlock settings" open={open} onClose={close}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => api.invoke('lock.unlock', { pin })).then((s) => {
            if (s && !s.locked) close();
          });
        }}
      >
        <p className="muted">
          Enter the settings PIN. The lock comes back when this window closes or after 15 minutes without use.
        </p>
        <PinField label="PIN" autoComplete="off" autoFocus value={pin} onChange={setPin} />
        <ErrorNote>{error}</ErrorNote>
        <div className="actions">
          <button type="button" className="btn" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy || pin.length === 0}>
            Unlock
          </button>
        </div>
      </form>
    </Modal>
  );
}
