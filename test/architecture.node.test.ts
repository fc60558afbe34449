// The folders of src/ depend on each other one way only: an import graph between folders with no
// cycle (src/index.ts, the public surface, imports everything and is left out). A cycle means a
// concept is split between two folders; this test names it.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(__dirname, '..', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** The folder of a source file under src/ ('args' for src/args.ts: each root file is its own unit). */
function unitOf(path: string): string {
  const parts = relative(SRC, path).split(sep);
  return parts.length === 1 ? parts[0].replace(/\.ts$/, '') : parts[0];
}

/** unit → the units it imports (type-only imports count: they couple the folders as much). */
export function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sources(SRC)) {
    const from = unitOf(file);
    if (from === 'index') continue;
    if (!graph.has(from)) graph.set(from, new Set());
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      const target = normalize(join(dirname(file), match[1]));
      if (!target.startsWith(SRC)) continue;
      const to = unitOf(`${target}.ts`);
      if (to !== from) graph.get(from)!.add(to);
    }
  }
  return graph;
}

/** A cycle in the graph as a list of units, or undefined. */
function findCycle(graph: Map<string, Set<string>>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (unit: string): string[] | undefined => {
    if (state.get(unit) === 'done') return undefined;
    if (state.get(unit) === 'open') return [...stack.slice(stack.indexOf(unit)), unit];
    state.set(unit, 'open');
    stack.push(unit);
    for (const next of graph.get(unit) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(unit, 'done');
    return undefined;
  };
  for (const unit of graph.keys()) {
    const cycle = visit(unit);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('architecture', () => {
  it('src/ folders import each other without a cycle', () => {
    const cycle = findCycle(folderGraph());
    expect(cycle, cycle ? `cycle: ${cycle.join(' → ')}` : '').toBeUndefined();
  });

  it('the cycle finder finds a planted cycle (so the check above can fail)', () => {
    const graph = new Map([['a', new Set(['b'])], ['b', new Set(['c'])], ['c', new Set(['a'])], ['d', new Set<string>()]]);
    expect(findCycle(graph)).toEqual(['a', 'b', 'c', 'a']);
  });

  it('the kernels layer (runtime) and the argument checks import nothing above them', () => {
    const graph = folderGraph();
    for (const low of ['runtime', 'errors']) {
      for (const dep of graph.get(low) ?? []) expect(['errors', 'runtime'], `${low} imports ${dep}`).toContain(dep);
    }
    for (const dep of graph.get('args') ?? []) expect(['runtime', 'errors'], `args imports ${dep}`).toContain(dep);
  });
});
