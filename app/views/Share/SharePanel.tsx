import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { LINK_LIMITS, redactView } from '../../../src/index';
import { bytes, plural } from '../../format';
import { useApp } from '../../store/create-store';
import { selectDoc } from '../../store/selectors';
import type { RemovedKind, ShareOptions, SharePreview } from '../../worker/share-protocol';
import { describeView, linkAddress } from './share-link';

type Kind = 'full' | 'compact';

const chars = (n: number) => `${n.toLocaleString('en')} characters`;

/** The button in the header, and the panel it opens. */
export function ShareButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        Share
      </button>
      {open && <SharePanel onClose={() => setOpen(false)} />}
    </>
  );
}

/**
 * One kind of link to pick. The radio's name is the kind; what it carries and
 * its size describe it (a name that changed with every option would be read out anew).
 */
function KindChoice(props: {
  group: string;
  kind: Kind;
  label: string;
  checked: boolean;
  disabled: boolean;
  onPick: (kind: Kind) => void;
  children: ReactNode;
}) {
  const describedBy = `${props.group}-${props.kind}`;
  return (
    <div className="share-choice">
      <label>
        <input
          type="radio"
          name={props.group}
          checked={props.checked}
          disabled={props.disabled}
          aria-describedby={describedBy}
          onChange={() => props.onPick(props.kind)}
        />{' '}
        <b>{props.label}</b>
      </label>
      <span id={describedBy}>{props.children}</span>
    </div>
  );
}

function RemovedList({ removed }: { removed: RemovedKind[] }) {
  if (!removed.length) return <p>Nothing that looks like a secret was found.</p>;
  return (
    <ul>
      {removed.map((r) => (
        <li key={r.kind}>
          {r.count} × {r.label}
          {r.lines.length > 0 &&
            ` (line${r.lines.length > 1 ? 's' : ''} ${r.lines.map((l) => l + 1).join(', ')}${r.count > r.lines.length ? ', …' : ''})`}
        </li>
      ))}
    </ul>
  );
}

/**
 * What a link will carry and what was removed, shown before the link exists
 * (the Firefox Profiler's publish panel is the model); the link is made on
 * request, in a field to copy from.
 */
export function SharePanel({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const field = useRef<HTMLInputElement>(null);
  const client = useApp((s) => s.client);
  const doc = useApp(selectDoc);
  const view = useApp((s) => s.view);
  const [options, setOptions] = useState<ShareOptions>({ hideHosts: false, timelineOnly: false });
  // Answers and the link are kept with the options they were made for: a stale one is not shown.
  const key = `${options.hideHosts}/${options.timelineOnly}`;
  const [answer, setAnswer] = useState<{
    key: string;
    preview: SharePreview | null;
    error: string | null;
  } | null>(null);
  const [picked, setPicked] = useState<Kind | null>(null);
  const [made, setMade] = useState<{ key: string; link: string } | null>(null);
  const [copied, setCopied] = useState<string>('');
  const id = useId();
  const preview = answer?.key === key ? answer.preview : null;
  const error = answer?.key === key ? answer.error : null;
  // The view's texts (a search, a stage) go into the link too, redacted like the rest.
  const sharedView = redactView(view, options);

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);

  useEffect(() => {
    let live = true;
    const k = `${options.hideHosts}/${options.timelineOnly}`;
    client.share(options).then(
      (p) => live && setAnswer({ key: k, preview: p, error: null }),
      (e: unknown) =>
        live &&
        setAnswer({ key: k, preview: null, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [client, options]);

  const fullLength = preview?.full.token
    ? linkAddress(preview.full.token, sharedView).length
    : null;
  const compactLength = preview?.compact.token
    ? linkAddress(preview.compact.token, sharedView).length
    : null;
  const fullFits = fullLength !== null && fullLength <= LINK_LIMITS.maxChars;
  const compactFits = compactLength !== null && compactLength <= LINK_LIMITS.maxChars;
  // The full link unless it is longer than chat tools carry (then the compact one), or the user chose.
  const proposed: Kind = fullFits && fullLength <= LINK_LIMITS.chatChars ? 'full' : 'compact';
  const kind: Kind =
    picked === 'full' && fullFits ? 'full' : picked === 'compact' ? 'compact' : proposed;
  const choice = preview?.[kind];
  const canCreate = kind === 'full' ? fullFits : compactFits;
  // The link is kept with the options and the kind it was made for: a stale one is never shown.
  const link = made?.key === `${key}/${kind}` ? made.link : null;

  // A new link takes the focus (and, by its onFocus, the selection): ready to copy.
  useEffect(() => {
    if (link) field.current?.focus();
  }, [link]);

  const set = (patch: Partial<ShareOptions>) => setOptions((o) => ({ ...o, ...patch }));
  const create = () => {
    if (choice?.token)
      setMade({ key: `${key}/${kind}`, link: linkAddress(choice.token, sharedView) });
    setCopied('');
  };
  const copy = async () => {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link);
      setCopied('Copied to the clipboard.');
    } catch {
      setCopied('The browser did not allow copying: select the link and copy it yourself.');
    }
  };
  const tooLong = (length: number | null) =>
    length !== null && length > LINK_LIMITS.maxChars
      ? ` — too long for a browser (over ${chars(LINK_LIMITS.maxChars)})`
      : '';

  return (
    <dialog ref={dialog} className="share-panel" aria-labelledby={`${id}-title`} onClose={onClose}>
      <h2 id={`${id}-title`}>Share this build</h2>
      <p className="muted">
        The link itself holds what you choose here, after its “#”: browsers never send that part of
        an address to a server, and no server of ours is involved. Anyone who has the link can read
        what it carries.
      </p>
      {error && <p role="alert">The link could not be prepared: {error}</p>}
      {!preview && !error && <p role="status">Removing secrets and compressing…</p>}
      {preview && (
        <>
          <fieldset>
            <legend>What the link carries</legend>
            <KindChoice
              group={`${id}-kind`}
              kind="full"
              label="Full"
              checked={kind === 'full'}
              disabled={!fullFits}
              onPick={setPicked}
            >
              : the whole log ({plural(preview.full.lines, 'line')}, {bytes(preview.full.bytes)}),
              secrets removed; the receiver sees every detail.{' '}
              {fullLength !== null
                ? chars(fullLength) + tooLong(fullLength)
                : preview.full.unavailable}
            </KindChoice>
            <KindChoice
              group={`${id}-kind`}
              kind="compact"
              label="Compact"
              checked={kind === 'compact'}
              disabled={!compactFits}
              onPick={setPicked}
            >
              : {plural(preview.compact.steps, 'step')} with their times and statuses, the cache
              picture
              {options.timelineOnly
                ? ''
                : `, ${plural(preview.compact.packageEvents, 'package event')}`}{' '}
              and the findings; no log lines.{' '}
              {compactLength !== null
                ? chars(compactLength) + tooLong(compactLength)
                : preview.compact.unavailable}
            </KindChoice>
            {picked === null && proposed === 'compact' && fullLength !== null && (
              <p>
                The full link would be {chars(fullLength)}, longer than some chat tools take (about{' '}
                {LINK_LIMITS.chatChars.toLocaleString('en')}): the compact one is proposed.
              </p>
            )}
          </fieldset>
          <fieldset>
            <legend>Options</legend>
            <label>
              <input
                type="checkbox"
                checked={options.hideHosts}
                onChange={(e) => set({ hideHosts: e.target.checked })}
              />{' '}
              Hide registry and host names
            </label>
            <label>
              <input
                type="checkbox"
                checked={options.timelineOnly}
                onChange={(e) => set({ timelineOnly: e.target.checked })}
              />{' '}
              Timeline only: leave out everything the build’s tools printed
            </label>
          </fieldset>
          <section aria-labelledby={`${id}-removed`}>
            <h3 id={`${id}-removed`}>Removed before sharing</h3>
            <RemovedList removed={choice?.removed ?? []} />
            <p className="muted">Values your CI already masked (such as ***) stay masked.</p>
          </section>
          {doc && <p>Opens on: {describeView(doc, sharedView)}.</p>}
        </>
      )}
      <div className="share-actions">
        <button
          type="button"
          className="primary"
          onClick={create}
          disabled={!preview || !canCreate}
        >
          Create link
        </button>
        <button type="button" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
      {link && (
        <div className="share-result">
          <label htmlFor={`${id}-link`}>Share link</label>
          <input
            ref={field}
            id={`${id}-link`}
            type="text"
            readOnly
            value={link}
            onFocus={(e) => e.currentTarget.select()}
          />
          <button type="button" onClick={() => void copy()}>
            Copy link
          </button>
          <span role="status">{copied}</span>
          <p className="muted">
            A {kind} link of {chars(link.length)}.
          </p>
        </div>
      )}
    </dialog>
  );
}
