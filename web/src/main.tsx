import './i18n/index.js';
import { LANGUAGES } from './i18n/languages.js';
import { LIMITS } from '../../common/limits.js';
console.log(LANGUAGES, LIMITS);
