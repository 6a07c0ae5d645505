/**
 * The layering rule of STYLE.md ("imports point down"), checked mechanically in
 * the spirit of Perfetto's import allowlist:
 *
 * - src/ imports nothing from app/, React, react-dom or zustand, and touches no
 *   DOM global (the src tsconfig has no DOM lib either; this also catches what a
 *   stray `/// <reference lib="dom">` or an `any` cast would let through);
 * - app/ reaches the core only through src/index.ts;
 * - e2e/ drives the built app and imports neither app/ nor src/.
 *
 * Files are read with the TypeScript parser rather than regular expressions:
 * comments, string and template literals and regex literals never become
 * identifiers or import declarations, so `// window` or '/document/' cannot fool
 * the scan, and a parser full of quote-bearing regexes cannot confuse it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

type Layer = 'src' | 'app' | 'e2e';

const UI_PACKAGES = ['react', 'react-dom', 'zustand'];

const DOM_GLOBALS = new Set([
  'window',
  'document',
  'localStorage',
  'navigator',
  'HTMLElement',
  'DOMParser',
]);

/** Receivers through which a global can be reached as a property: `globalThis.document`. */
const GLOBAL_OBJECTS = new Set(['globalThis', 'self', 'window']);

interface Found {
  text: string;
  line: number;
}

/** Module specifiers and references to DOM globals in one TypeScript source text. */
export function scanSource(fileName: string, text: string): { imports: Found[]; globals: Found[] } {
  const kind = fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind);
  const lineOf = (node: ts.Node) =>
    source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const imports: Found[] = [];
  const uses: (Found & { node: ts.Identifier })[] = [];
  const declared = new Set<string>();

  const addImport = (node: ts.Node | undefined) => {
    if (node && ts.isStringLiteralLike(node)) imports.push({ text: node.text, line: lineOf(node) });
  };

  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      addImport(node.moduleSpecifier);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference)
    ) {
      addImport(node.moduleReference.expression);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
      if (isImport || isRequire) addImport(node.arguments[0]);
    } else if (ts.isImportTypeNode(node)) {
      if (ts.isLiteralTypeNode(node.argument)) addImport(node.argument.literal);
    } else if (ts.isIdentifier(node) && DOM_GLOBALS.has(node.text)) {
      if (declaresName(node)) declared.add(node.text);
      else if (refersToGlobal(node)) uses.push({ text: node.text, line: lineOf(node), node });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);

  // A file that declares its own `document` (a JSON document, say) means that one.
  const globals = uses
    .filter((use) => !declared.has(use.text))
    .map(({ text, line }) => ({ text, line }));
  return { imports, globals };
}

/** The identifier is the name of a local declaration or import binding. */
function declaresName(id: ts.Identifier): boolean {
  const parent = id.parent;
  return (
    ((ts.isVariableDeclaration(parent) ||
      ts.isParameter(parent) ||
      ts.isFunctionDeclaration(parent) ||
      ts.isClassDeclaration(parent) ||
      ts.isInterfaceDeclaration(parent) ||
      ts.isTypeAliasDeclaration(parent) ||
      ts.isImportClause(parent) ||
      ts.isNamespaceImport(parent) ||
      ts.isImportSpecifier(parent)) &&
      parent.name === id) ||
    (ts.isBindingElement(parent) && parent.name === id)
  );
}

/** The identifier is used as a value or type, not as a property or member name. */
function refersToGlobal(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === id) {
    return ts.isIdentifier(parent.expression) && GLOBAL_OBJECTS.has(parent.expression.text);
  }
  if (ts.isQualifiedName(parent) && parent.right === id) return false;
  if (
    (ts.isPropertyAssignment(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isPropertySignature(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isMethodSignature(parent) ||
      ts.isGetAccessorDeclaration(parent) ||
      ts.isSetAccessorDeclaration(parent) ||
      ts.isEnumMember(parent) ||
      ts.isExportSpecifier(parent)) &&
    parent.name === id
  ) {
    return false;
  }
  if (ts.isBindingElement(parent) && parent.propertyName === id) return false;
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return false;
  return true;
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Where a relative specifier points, without its extension; null for a package. */
function resolveSpecifier(file: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  return resolve(dirname(file), specifier).replace(/\.(?:[cm]?[jt]sx?)$/, '');
}

/** Every rule broken by one file, as `path:line message`; empty when it keeps the rules. */
export function checkFile(layer: Layer, file: string, text: string): string[] {
  const { imports, globals } = scanSource(file, text);
  const where = (line: number) => `${relative(ROOT, file)}:${line}`;
  const srcDir = join(ROOT, 'src');
  const appDir = join(ROOT, 'app');
  const problems: string[] = [];

  for (const { text: specifier, line } of imports) {
    const target = resolveSpecifier(file, specifier);
    if (layer === 'src') {
      const ui = UI_PACKAGES.find((p) => specifier === p || specifier.startsWith(`${p}/`));
      if (ui) problems.push(`${where(line)} imports '${specifier}': the core has no UI`);
      if (target && isInside(target, appDir)) {
        problems.push(`${where(line)} imports '${specifier}' from app/: imports point down`);
      }
    } else if (layer === 'app') {
      const viaIndex = target === join(srcDir, 'index') || target === srcDir;
      if (target && isInside(target, srcDir) && !viaIndex) {
        problems.push(`${where(line)} imports '${specifier}': use the core through src/index.ts`);
      }
    } else if (target && (isInside(target, srcDir) || isInside(target, appDir))) {
      problems.push(`${where(line)} imports '${specifier}': e2e drives the built app only`);
    }
  }
  if (layer === 'src') {
    for (const { text: name, line } of globals) {
      problems.push(`${where(line)} uses the DOM global '${name}': the core runs without a DOM`);
    }
  }
  return problems;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.[cm]?tsx?$/.test(name) && !name.split(/[\\/]/).includes('node_modules'))
    .map((name) => join(dir, name))
    .sort();
}

function checkLayer(layer: Layer): { files: number; problems: string[] } {
  const files = sourceFiles(join(ROOT, layer));
  const problems = files.flatMap((file) => checkFile(layer, file, readFileSync(file, 'utf8')));
  return { files: files.length, problems };
}

describe('the scanner', () => {
  const src = join(ROOT, 'src', 'formats', 'example.ts');
  const app = join(ROOT, 'app', 'views', 'Example.tsx');
  const e2e = join(ROOT, 'e2e', 'example.spec.ts');

  test('finds UI imports and app/ imports in the core', () => {
    const text = [
      "import React from 'react';",
      "import { createRoot } from 'react-dom/client';",
      "export { create } from 'zustand';",
      "import type { Store } from '../../app/store/store';",
      "const lazy = () => import('../../app/App');",
      "type T = import('react').FC;",
    ].join('\n');
    expect(checkFile('src', src, text)).toHaveLength(6);
  });

  test('finds DOM globals in code, not in comments, strings or regexes', () => {
    const text = [
      '// window and document are fine in a comment',
      '/* navigator.userAgent */',
      "const a = 'window.location';",
      'const b = `document ${"localStorage"}`;',
      "const c = /window|document/.test('x');",
      'const d = { window: 1, document: 2 }.window;',
      'interface E { navigator: string }',
      'const f = window.location.href;',
      'localStorage.setItem("k", "v");',
      'const g = globalThis.document;',
      'function h(el: HTMLElement) { return el; }',
      'const i = new DOMParser();',
    ].join('\n');
    const problems = checkFile('src', src, text);
    expect(problems.map((p) => p.replace(/^.*:(\d+) .*'(\w+)'.*$/, '$1 $2'))).toEqual([
      '8 window',
      '9 localStorage',
      '10 document',
      '11 HTMLElement',
      '12 DOMParser',
    ]);
  });

  test('lets a file name its own document', () => {
    const text = 'const document = JSON.parse(line);\nexport const kind = document.kind;';
    expect(checkFile('src', src, text)).toEqual([]);
  });

  test('keeps app/ on src/index.ts and e2e/ off both', () => {
    expect(checkFile('app', app, "import { readLog } from '../../src/index';")).toEqual([]);
    expect(checkFile('app', app, "import { readLog } from '../../src';")).toEqual([]);
    expect(checkFile('app', app, "import { parsePlain } from '../../src/formats/plain';")).toEqual([
      expect.stringContaining("'../../src/formats/plain'"),
    ]);
    expect(checkFile('e2e', e2e, "import { readLog } from '../src/index';")).toHaveLength(1);
    expect(checkFile('e2e', e2e, "import { App } from '../app/App';")).toHaveLength(1);
    expect(checkFile('e2e', e2e, "import { test } from '@playwright/test';")).toEqual([]);
  });
});

describe('imports point down', () => {
  test('src/ imports no UI and touches no DOM', () => {
    const { files, problems } = checkLayer('src');
    expect(files).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  test('app/ uses the core only through src/index.ts', () => {
    const { files, problems } = checkLayer('app');
    expect(files).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  test('e2e/ imports neither app/ nor src/', () => {
    const { files, problems } = checkLayer('e2e');
    expect(files).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});
