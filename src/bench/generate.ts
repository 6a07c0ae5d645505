/**
 * A synthetic plain-mode log of about `targetBytes`: several stages running in
 * parallel with interleaved blocks (`#N ...` switches), long RUN outputs, status
 * lines, cached steps and an export, in the shapes of FORMAT.md §1. For the
 * benchmark only: tests use real logs.
 */
export function generatePlainLog(targetBytes: number): string {
  const parts: string[] = ['#0 building with "default" instance using docker driver\n'];
  let size = parts[0].length;
  let n = 0;
  const push = (s: string) => {
    parts.push(s);
    size += s.length;
  };
  const header = (name: string) => {
    n++;
    push(`\n#${n} ${name}\n`);
    return n;
  };
  header('[internal] load build definition from Dockerfile');
  push(`#1 transferring dockerfile: 2.31kB done\n#1 DONE 0.0s\n`);
  let stage = 0;
  let seed = 7;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  while (size < targetBytes) {
    stage++;
    const a = header(
      `[build-${stage} 1/3] FROM docker.io/library/node:20@sha256:${'ab'.repeat(32)}`,
    );
    push(`#${a} resolve docker.io/library/node:20@sha256:${'ab'.repeat(32)} 0.0s done\n`);
    push(`#${a} sha256:${'cd'.repeat(32)} 12.58MB / 48.10MB 2.1s\n#${a} CACHED\n`);
    const b = header(`[build-${stage} 2/3] RUN npm ci && npm run build`);
    const c = header(`[tests-${stage} 1/1] RUN --mount=type=cache,target=/root/.npm npm test`);
    // Two RUN steps interleave: the printer switches between them (§1.2).
    let tb = 0.1;
    let tc = 0.1;
    for (let round = 0; round < 40 && size < targetBytes; round++) {
      const cur = round % 2 ? b : c;
      if (round > 0)
        push(`#${round % 2 ? c : b} ...\n\n#${cur} ${cur === b ? 'RUN npm ci' : 'RUN npm test'}\n`);
      for (let i = 0; i < 60; i++) {
        const t = cur === b ? (tb += rand() * 0.05) : (tc += rand() * 0.05);
        const at = `#${cur} ${t.toFixed(t < 10 ? 3 : t < 100 ? 2 : 1)}`;
        // Mostly tool output; one line in eight a package manager's (§7), as in real logs.
        const pick = rand();
        if (pick < 0.06)
          push(
            `${at} npm http fetch GET 200 https://registry.example/pkg-${i}/-/pkg-${i}-1.${round}.${i}.tgz ${Math.round(rand() * 90)}ms (cache hit)\n`,
          );
        else if (pick < 0.1)
          push(
            `${at}   Downloading pkg_${i}-1.${round}.0-py3-none-any.whl (${Math.round(rand() * 900)} kB)\n`,
          );
        else if (pick < 0.125)
          push(
            `${at} Get:${i} http://deb.example/debian bookworm/main amd64 libpkg${i} amd64 1.${round} [${Math.round(rand() * 900)} kB]\n`,
          );
        else
          push(
            `${at} [webpack] compiled src/components/module-${stage}-${round}-${i}.tsx (${Math.round(rand() * 9000)} bytes) in ${Math.round(rand() * 90)} ms\n`,
          );
      }
    }
    push(
      `#${c} DONE ${tc.toFixed(1)}s\n\n#${b} [build-${stage} 2/3] RUN npm ci && npm run build\n#${b} DONE ${tb.toFixed(1)}s\n`,
    );
    const d = header(`[build-${stage} 3/3] COPY --from=tests-${stage} /out /out`);
    push(`#${d} DONE 0.1s\n`);
  }
  const e = header('exporting to image');
  push(
    `#${e} exporting layers 1.2s done\n#${e} writing image sha256:${'ef'.repeat(32)} done\n#${e} naming to docker.io/library/bench:latest done\n#${e} DONE 1.3s\n`,
  );
  return parts.join('');
}
