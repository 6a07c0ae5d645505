import type { StepKind } from '../model/types';

/** What a vertex name says about the step (FORMAT.md §1.5). */
export interface StepNameParts {
  stage: string | null;
  platform: string | null;
  target: string | null;
  position: [number, number] | null;
  instruction: string | null;
  kind: StepKind;
}

const INSTRUCTIONS = new Set([
  'FROM',
  'RUN',
  'COPY',
  'ADD',
  'WORKDIR',
  'ONBUILD',
  'LINK',
  'ENV',
  'ARG',
  'USER',
  'LABEL',
  'EXPOSE',
  'VOLUME',
  'CMD',
  'ENTRYPOINT',
  'SHELL',
  'HEALTHCHECK',
  'STOPSIGNAL',
  'MAINTAINER',
]);

// `[<platform> ][<target> ][<stage> ]<i>/<total>] <instruction> …` — platform and
// target are optional, the counter is space padded since v0.7 (§1.5).
const BRACKET = /^\[([^\]]*)\]\s?(.*)$/s;
const COUNTER = /^(.*?)\s*(\d+)\/(\d+)$/;
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?(?:->[a-z0-9_/]+)?$/;

/** Builder-side vertices keyed by fixed strings (§1.5). */
function classifyBare(name: string): StepKind {
  if (/^(exporting (cache|inline cache|to GitHub Actions Cache)|preparing build cache)/.test(name))
    return 'cache-export';
  if (/^(exporting to |exporting layers|writing image|naming to|unpacking to)/.test(name))
    return 'export';
  if (/^importing cache manifest/.test(name) || /^importing cache/.test(name))
    return 'cache-import';
  if (
    /^(resolve image config for|docker-image:\/\/|resolving provenance|importing to docker|pushing |load metadata)/.test(
      name,
    )
  )
    return 'internal';
  return 'other';
}

function classifyBracket(words: string[], rest: string): StepKind | null {
  if (words.includes('internal')) return 'internal';
  if (words.includes('auth')) return 'internal';
  if (words[0] === 'context') return 'internal';
  void rest;
  return null;
}

export function describeStepName(name: string): StepNameParts {
  const parts: StepNameParts = {
    stage: null,
    platform: null,
    target: null,
    position: null,
    instruction: null,
    kind: 'other',
  };
  const m = BRACKET.exec(name);
  if (!m) {
    const first = /^([A-Z]+)\s/.exec(name);
    if (first && INSTRUCTIONS.has(first[1])) {
      // A FROM of an image used by COPY --from prints without a prefix (§1.5, observed).
      parts.instruction = first[1];
      parts.kind = first[1] === 'FROM' ? 'base' : 'step';
      return parts;
    }
    parts.kind = classifyBare(name);
    return parts;
  }
  const inside = m[1].trim();
  const rest = m[2];
  const counter = COUNTER.exec(inside);
  let words: string[];
  if (counter) {
    parts.position = [Number(counter[2]), Number(counter[3])];
    words = counter[1].trim() ? counter[1].trim().split(/\s+/) : [];
  } else {
    words = inside ? inside.split(/\s+/) : [];
  }
  if (words.length && PLATFORM.test(words[0])) parts.platform = words.shift()!;
  const special = classifyBracket(words, rest);
  if (special) {
    const kw = words.findIndex((w) => w === 'internal' || w === 'auth' || w === 'context');
    if (kw > 0) parts.target = words.slice(0, kw).join(' ');
    if (words[kw] === 'context' && words[kw + 1]) parts.stage = words[kw + 1];
    parts.kind = special;
    return parts;
  }
  if (parts.position) {
    // `[web stage-0 1/4]`: the last word is the stage, a word before it the bake/compose target.
    if (words.length >= 2) {
      parts.stage = words[words.length - 1];
      parts.target = words.slice(0, -1).join(' ');
    } else if (words.length === 1) {
      parts.stage = words[0];
    }
    const instr = /^([A-Z]+)\b/.exec(rest);
    if (instr && INSTRUCTIONS.has(instr[1])) {
      parts.instruction = instr[1] === 'LINK' ? 'COPY' : instr[1];
      parts.kind = instr[1] === 'FROM' ? 'base' : 'step';
    } else {
      parts.kind = 'step';
    }
    return parts;
  }
  // `[web] exporting to image`: a bake/compose target in front of a bare name.
  if (words.length) parts.target = words.join(' ');
  parts.kind = classifyBare(rest);
  if (parts.kind === 'other') {
    const instr = /^([A-Z]+)\s/.exec(rest);
    if (instr && INSTRUCTIONS.has(instr[1])) {
      parts.instruction = instr[1];
      parts.kind = instr[1] === 'FROM' ? 'base' : 'step';
    }
  }
  return parts;
}
