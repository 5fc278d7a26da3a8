/**
 * The import boundaries between the workspace packages (docs/architecture.md, "What may import
 * what"), checked over every import of every package's source:
 *
 * - `relative-escape`: a relative import that leaves its package (`../shipper/src/x.ts` from bin,
 *   `../../store/src` from ui). Another package is imported by its name, through its `exports`.
 * - `undeclared-workspace`: a workspace package imported but not in the importer's package.json.
 * - `undeclared-npm`: an npm package imported but not in the importer's package.json
 *   (dependencies, devDependencies or peerDependencies). Test files may also use the test
 *   tooling the root package.json declares (vitest, fast-check, …): it is shared by every package.
 * - `ui-imports`: ui imports a workspace package other than core and store.
 * - `browser-unsafe`: a module of core's browser entry (`core/src/index.ts` and what it imports,
 *   transitively) imports a Node builtin. The UI's client components import core; Node-only
 *   parts go through `@driftwood/core/node` (core/src/node.ts).
 *
 * The root package (`driftwood`) is checked on its shipped code, `bin/` and `scripts/`; `test/`
 * and `bench/` are the cross-package tests and benchmarks and reach into packages on purpose.
 * Test files in a package may import `test/engines/` (the harness that hands them real engines).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..');

export interface Package {
  name: string;
  /** Folder relative to the repository root ('.' for the root package). */
  dir: string;
  /** Source folders checked, relative to the repository root. */
  sources: string[];
  declared: Set<string>;
}

export type Rule = 'relative-escape' | 'undeclared-workspace' | 'undeclared-npm' | 'ui-imports' | 'browser-unsafe';

export interface Violation {
  rule: Rule;
  /** The importing file, relative to the repository root. */
  file: string;
  specifier: string;
  /** `rule file specifier`: how an allow-list names a violation. */
  key: string;
}

/** The ui package's folder, and the folders of the workspace packages it may depend on. */
export const UI_DIR = 'ui';
export const UI_MAY_IMPORT = ['core', 'store'];

const SKIP_DIRS = new Set(['node_modules', '.next', '.tools', 'dist', 'coverage', 'test-results']);
const SOURCE = /\.(?:ts|tsx|mts|cts|js|mjs|cjs|jsx)$/;
/** Test files anywhere may use the engine harness of the `engines` vitest project. */
const ENGINE_HARNESS = 'test/engines/';
/** Test code: test files, shared scenario suites, test data and the store's differential oracle. */
const TEST_FILE = /(?:\.test\.|\.bench\.|\.scenarios\.|\/testdata\/|\/test\/|\/oracle\/)/;

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

function declaredOf(pkg: Record<string, unknown>): Set<string> {
  const names = new Set<string>();
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const name of Object.keys((pkg[field] as Record<string, string> | undefined) ?? {})) names.add(name);
  }
  return names;
}

/** The root package and every workspace package, with what each declares. */
export function workspacePackages(root = REPO_ROOT): Package[] {
  const rootPkg = readJson(path.join(root, 'package.json'));
  const packages: Package[] = [
    { name: String(rootPkg.name), dir: '.', sources: ['bin', 'scripts'], declared: declaredOf(rootPkg) },
  ];
  for (const dir of (rootPkg.workspaces as string[] | undefined) ?? []) {
    let pkg: Record<string, unknown>;
    try {
      pkg = readJson(path.join(root, dir, 'package.json'));
    } catch {
      continue; // a workspace named before its folder exists
    }
    packages.push({ name: String(pkg.name), dir, sources: [dir], declared: declaredOf(pkg) });
  }
  return packages;
}

/** The package a repository-relative path belongs to: the deepest package folder holding it. */
export function ownerOf(file: string, packages: Package[]): Package {
  let best = packages.find((p) => p.dir === '.')!;
  for (const p of packages) {
    if (p.dir === '.') continue;
    if ((file === p.dir || file.startsWith(`${p.dir}/`)) && p.dir.length > (best.dir === '.' ? 0 : best.dir.length)) {
      best = p;
    }
  }
  return best;
}

function* sourceFiles(root: string, dir: string, nested: Set<string>): Generator<string> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(path.join(root, dir), { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (SKIP_DIRS.has(entry.name) || nested.has(rel)) continue;
      yield* sourceFiles(root, rel, nested);
    } else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      yield rel;
    }
  }
}

/**
 * The code of a source file with comments removed and every string literal replaced by a
 * numbered placeholder (`"#3"`), so that text inside strings and comments is never read as an
 * import; `strings[3]` is the literal's text.
 */
export function skeleton(text: string): { code: string; strings: string[] } {
  let code = '';
  const strings: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
      code += ' ';
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\') j++;
        else if (c !== '`' && text[j] === '\n') break;
        j++;
      }
      // A template literal is never a specifier here (and may hold code in `${}`: not imports we check).
      if (c === '`') code += '0';
      else {
        code += `"#${strings.length}"`;
        strings.push(text.slice(i + 1, j));
      }
      i = j + 1;
    } else {
      code += c;
      i++;
    }
  }
  return { code, strings };
}

const STATIC = /(?:^|[\n;{}])\s*(?:import|export)\s+(?:type\s+)?(?:[\w$*{}\s,]*?\s*from\s*)?"#(\d+)"/g;
const DYNAMIC = /(?<![\w$.])(?:import|require)\s*\(\s*"#(\d+)"\s*\)/g;
const VI_MOCK = /\bvi\.(?:mock|importActual)\s*\(\s*"#(\d+)"/g;

/** Every module specifier a source file imports (static, dynamic, require, vi.mock), in that order. */
export function importsOf(text: string): string[] {
  const { code, strings } = skeleton(text);
  const found: string[] = [];
  for (const re of [STATIC, DYNAMIC, VI_MOCK]) {
    for (const m of code.matchAll(re)) found.push(strings[Number(m[1])]!);
  }
  return found;
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

const BUILTINS = new Set(builtinModules);

/** Checks one import of `file` (repository-relative) in package `from`. */
export function checkImport(
  file: string,
  specifier: string,
  from: Package,
  packages: Package[],
  rootTooling: Set<string>,
): Rule | undefined {
  if (specifier.startsWith('.')) {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
    if (target.startsWith('..')) return 'relative-escape';
    // The engines project's harness (the engines its global setup started, through `inject`).
    if (TEST_FILE.test(`/${file}`) && target.startsWith(ENGINE_HARNESS)) return undefined;
    const owner = ownerOf(target, packages);
    if (owner !== from) return 'relative-escape';
    if (from.dir === '.' && !from.sources.some((s) => target === s || target.startsWith(`${s}/`))) {
      return 'relative-escape'; // root code reaching into test/ or bench/
    }
    return undefined;
  }
  if (specifier.startsWith('node:') || BUILTINS.has(specifier) || BUILTINS.has(packageName(specifier))) {
    return undefined;
  }
  if (from.dir === UI_DIR && specifier.startsWith('@/')) return undefined; // Next.js's alias for ui/
  const name = packageName(specifier);
  if (name === from.name) return undefined;
  const workspace = packages.find((p) => p.name === name);
  if (workspace) {
    if (from.dir === UI_DIR && !UI_MAY_IMPORT.includes(workspace.dir)) return 'ui-imports';
    return from.declared.has(name) ? undefined : 'undeclared-workspace';
  }
  if (from.declared.has(name)) return undefined;
  if (TEST_FILE.test(`/${file}`) && rootTooling.has(name)) return undefined;
  return 'undeclared-npm';
}

/** The browser entry of core and every module it imports (relative imports, transitively). */
const BROWSER_ENTRY = 'core/src/index.ts';

function browserUnsafe(root: string): Violation[] {
  const violations: Violation[] = [];
  const seen = new Set<string>();
  const queue = [BROWSER_ENTRY];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    let text: string;
    try {
      text = readFileSync(path.join(root, file), 'utf8');
    } catch {
      continue; // no such entry (a small workspace in a test)
    }
    for (const specifier of importsOf(text)) {
      if (specifier.startsWith('.'))
        queue.push(path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)));
      else if (specifier.startsWith('node:') || BUILTINS.has(specifier) || BUILTINS.has(packageName(specifier)))
        violations.push({ rule: 'browser-unsafe', file, specifier, key: `browser-unsafe ${file} ${specifier}` });
    }
  }
  return violations;
}

/** Every boundary violation in the repository. */
export function findViolations(root = REPO_ROOT): Violation[] {
  const packages = workspacePackages(root);
  const rootPkg = packages.find((p) => p.dir === '.')!;
  const rootTooling = new Set(
    Object.keys((readJson(path.join(root, 'package.json')).devDependencies as Record<string, string>) ?? {}),
  );
  const violations: Violation[] = [];
  for (const pkg of packages) {
    // A package nested in another's folder (shipper/winston in shipper) is checked on its own.
    const nested = new Set(packages.filter((p) => p !== pkg && p !== rootPkg).map((p) => p.dir));
    for (const source of pkg.sources) {
      for (const file of sourceFiles(root, source, nested)) {
        for (const specifier of importsOf(readFileSync(path.join(root, file), 'utf8'))) {
          const rule = checkImport(file, specifier, pkg, packages, rootTooling);
          if (rule) violations.push({ rule, file, specifier, key: `${rule} ${file} ${specifier}` });
        }
      }
    }
  }
  violations.push(...browserUnsafe(root));
  return violations;
}
