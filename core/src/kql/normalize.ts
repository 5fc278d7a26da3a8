/**
 * Canonical form of a KQL AST: the shape `parseKql` produces. Useful for comparing trees built by
 * hand (or by other code) with parsed ones: `parseKql(printKql(x))` deep-equals `normalizeKql(x)`.
 *
 * - `and` / `or` children of the same type are flattened; a single child replaces its parent;
 *   an empty `and` is `all`.
 * - term values get a canonical `pattern` / `text` / `wildcard` (see `makeKqlTerm`).
 * - a term that is a lone wildcard becomes `exists` (or `all` without a field / with field `*`);
 *   `exists` on field `*` is `all`.
 */
import { type KqlNode, makeKqlTerm } from './ast.ts';

export function normalizeKql(node: KqlNode): KqlNode {
  switch (node.type) {
    case 'all':
      return { type: 'all' };
    case 'and':
    case 'or': {
      const children: KqlNode[] = [];
      for (const child of node.children) {
        const c = normalizeKql(child);
        if (c.type === node.type) for (const grandchild of c.children) children.push(grandchild);
        else children.push(c);
      }
      if (children.length === 0 && node.type === 'and') return { type: 'all' };
      if (children.length === 1) return children[0]!;
      return { type: node.type, children };
    }
    case 'not':
      return { type: 'not', child: normalizeKql(node.child) };
    case 'match': {
      const { field, value } = node;
      if (value.kind === 'phrase') return { type: 'match', field, value: { kind: 'phrase', text: value.text } };
      const term = makeKqlTerm(value.wildcard ? value.pattern : [value.text]);
      if (term.wildcard && term.pattern.length === 1) {
        return field === null || field === '*' ? { type: 'all' } : { type: 'exists', field };
      }
      return { type: 'match', field, value: term };
    }
    case 'exists':
      return node.field === '*' ? { type: 'all' } : { type: 'exists', field: node.field };
    case 'range':
      return { type: 'range', field: node.field, op: node.op, value: node.value };
    case 'nested':
      return { type: 'nested', path: node.path, query: normalizeKql(node.query) };
  }
}
