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
export { canonicalCase, compileGlob, type GlobMatcher, type GlobOptions, matchesGlob } from './glob.ts';
export { normalizeKql } from './normalize.ts';
export { KQL_MAX_DEPTH, KQL_MAX_LENGTH, parseKql } from './parse.ts';
export { printKql, printKqlField, printKqlValue, quoteKql } from './print.ts';
export { type KqlValidation, type KqlValidationError, validateKql } from './validate.ts';
export {
  fieldPatternMatcher,
  hasWildcard,
  isWildcardField,
  KQL_MAX_FIELD_PATTERN_LENGTH,
  matchesFieldPattern,
  type RegexSourceOptions,
  termToRegexSource,
  termToWildcardQuery,
  termWords,
  valueMatcher,
} from './wildcard.ts';
