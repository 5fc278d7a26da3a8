/** Small AST builders for the KQL tests. */
import { type KqlNode, type KqlPatternPart, type KqlRangeOp, makeKqlTerm } from './ast.ts';

export const W: KqlPatternPart = { wildcard: '*' };

/** `match` with an unquoted term; pass pattern pieces (use `W` for a wildcard) or one string. */
export function term(field: string | null, ...parts: KqlPatternPart[]): KqlNode {
  return { type: 'match', field, value: makeKqlTerm(parts) };
}

export function phrase(field: string | null, text: string): KqlNode {
  return { type: 'match', field, value: { kind: 'phrase', text } };
}

export function and(...children: KqlNode[]): KqlNode {
  return { type: 'and', children };
}

export function or(...children: KqlNode[]): KqlNode {
  return { type: 'or', children };
}

export function not(child: KqlNode): KqlNode {
  return { type: 'not', child };
}

export function exists(field: string): KqlNode {
  return { type: 'exists', field };
}

export function range(field: string, op: KqlRangeOp, value: string): KqlNode {
  return { type: 'range', field, op, value };
}

export function nested(path: string, query: KqlNode): KqlNode {
  return { type: 'nested', path, query };
}

export const ALL: KqlNode = { type: 'all' };
