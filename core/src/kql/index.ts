export type {
  KqlAndNode,
  KqlExistsNode,
  KqlMatchNode,
  KqlNestedNode,
  KqlNode,
  KqlNodeType,
  KqlNotNode,
  KqlOrNode,
  KqlPatternPart,
  KqlPhraseValue,
  KqlPlainTermValue,
  KqlRangeNode,
  KqlRangeOp,
  KqlTermValue,
  KqlValue,
  KqlWildcard,
  KqlWildcardTermValue,
} from './ast.ts';
export { isKqlSpace, makeKqlTerm } from './ast.ts';
export { kqlFields } from './fields.ts';
export { normalizeKql } from './normalize.ts';
export { KQL_MAX_DEPTH, parseKql } from './parse.ts';
export { printKql, printKqlField, printKqlValue, quoteKql } from './print.ts';
export { type KqlValidation, type KqlValidationError, validateKql } from './validate.ts';
export {
  fieldPatternToRegexSource,
  hasWildcard,
  isWildcardField,
  matchesFieldPattern,
  type RegexSourceOptions,
  termToRegexSource,
  termToWildcardQuery,
  termWords,
} from './wildcard.ts';
