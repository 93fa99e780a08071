import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import { FALLBACK_LANGUAGE, LANGUAGE_STORAGE_KEY, LANGUAGES } from './languages.js';
import ptBR from './pt-BR.json';

const resources = {
  en: { translation: en },
  // `satisfies` makes a key missing from the Portuguese file a type error.
  'pt-BR': { translation: ptBR satisfies typeof en },
};

i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources,
    supportedLngs: LANGUAGES.map((language) => language.code),
    fallbackLng: FALLBACK_LANGUAGE,
    load: 'currentOnly',
    // The resources are bundled, so initialise synchronously and render translated from the first paint.
    initAsync: false,
    // React escapes everything it renders as text.
    interpolation: { escapeValue: false },
    detection: {
      order: ['localStorage', 'navigator'],
      lookupLocalStorage: LANGUAGE_STORAGE_KEY,
      caches: ['localStorage'],
    },
  });

export { i18n };
