/**
 * The core writes step names and commands in its sentences between backticks
 * (markdown style, for the CLI and the Markdown export); on screen they become
 * <code>, so the words and the quoted Dockerfile text read apart.
 */

/** Text split at backticks: odd pieces were quoted. An unpaired backtick stays as text. */
export function splitCode(text: string): { code: boolean; text: string }[] {
  const parts = text.split('`');
  // An even number of pieces means one backtick has no partner: keep the last one literal.
  if (parts.length % 2 === 0) parts.splice(-2, 2, `${parts[parts.length - 2]}\`${parts.at(-1)}`);
  return parts
    .map((t, i) => ({ code: i % 2 === 1, text: t }))
    .filter((p) => p.text !== '' || p.code);
}

export function InlineCode({ text }: { text: string }) {
  return (
    <>
      {splitCode(text).map((p, i) =>
        p.code ? (
          <code key={i} className="mono">
            {p.text}
          </code>
        ) : (
          p.text
        ),
      )}
    </>
  );
}
