export { BindError, type BindParam, type BoundQuery, bind, paramsFrom } from './bind.js';
export { splitStatements, statementCount } from './statements.js';
export { type Token, type TokenKind, tokenize } from './tokenize.js';
