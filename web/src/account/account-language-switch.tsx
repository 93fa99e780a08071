import { LanguageSwitch } from '../i18n/language-switch.js';
import { useSaveLanguage } from './use-save-language.js';

/** The header's language switch for a signed-in user: the choice is saved to the account. */
export function AccountLanguageSwitch() {
  const { save } = useSaveLanguage();
  return <LanguageSwitch onChange={save} />;
}
