export {
  FALLBACK_LANGUAGE,
  isLanguageCode,
  LANGUAGES,
  type LanguageCode,
} from '../../../common/languages.js';

/** Where the chosen language is kept between visits. */
export const LANGUAGE_STORAGE_KEY = 'parley.language';
