import type { KqlNode } from './ast.ts';

/**
 * Field names a query references, unique, in order of first appearance. Free text (field null) is
 * not listed. Fields inside `path:{ … }` are listed as `path.field`; a nested query that names no
 * field lists its path. Wildcard field names (`http.*`) are listed as written.
 */
export function kqlFields(node: KqlNode): string[] {
  const seen = new Set<string>();
  const visit = (n: KqlNode, prefix: string): void => {
    switch (n.type) {
      case 'all':
        return;
      case 'and':
      case 'or':
        for (const child of n.children) visit(child, prefix);
        return;
      case 'not':
        visit(n.child, prefix);
        return;
      case 'match':
        if (n.field !== null) seen.add(prefix + n.field);
        return;
      case 'exists':
      case 'range':
        seen.add(prefix + n.field);
        return;
      case 'nested': {
        const before = seen.size;
        const path = prefix + n.path;
        visit(n.query, `${path}.`);
        if (seen.size === before) seen.add(path);
        return;
      }
    }
  };
  visit(node, '');
  return [...seen];
}
