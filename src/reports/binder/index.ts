export { type BindParam, BindError, type BoundQuery, bind, paramsFrom } from './bind.js';
export { type Token, type TokenKind, tokenize } from './tokenize.js';
export { splitStatements, statementCount } from './statements.js';
