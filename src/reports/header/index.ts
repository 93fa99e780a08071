export {
  checkReport,
  type HeaderProblem,
  type ParamDecl,
  type ParsedReport,
  parseHeader,
  usedMarkers,
} from './parse.js';
export {
  ID_TYPES,
  type IdType,
  isIdType,
  isListType,
  PARAM_TYPES,
  type ParamType,
  PG_TYPES,
  resolveType,
} from './types.js';
export { type ParamValue, type Parsed, parseValue, type ScalarValue } from './values.js';
