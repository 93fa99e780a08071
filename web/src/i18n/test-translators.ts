import i18next, { type TFunction } from 'i18next';
import en from './en.json';
import ptBR from './pt-BR.json';

/** English and Portuguese translators over the real translation files, for unit tests. */
export async function testTranslators(): Promise<{ english: TFunction; pt: TFunction }> {
  const i18n = i18next.createInstance();
  await i18n.init({
    lng: 'pt-BR',
    fallbackLng: 'en',
    resources: { en: { translation: en }, 'pt-BR': { translation: ptBR } },
    interpolation: { escapeValue: false },
  });
  return { english: i18n.getFixedT('en') as TFunction, pt: i18n.getFixedT('pt-BR') as TFunction };
}
