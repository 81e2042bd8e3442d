import { Button, Menu, VisuallyHidden } from '@mantine/core';
import { IconLanguage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { changeLanguage, isLanguage, DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES } from '../i18n';

/** FR/EN menu. Language names are shown in their own language (and tagged with `lang`) so everyone finds theirs. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const current = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : DEFAULT_LANGUAGE;
  return (
    // Rendered in place (no portal) so the dropdown stays inside the header landmark.
    <Menu position="bottom-end" width={180} withinPortal={false} withInitialFocusPlaceholder={false}>
      <Menu.Target>
        <Button variant="subtle" color="dark" leftSection={<IconLanguage size={18} aria-hidden />}>
          <VisuallyHidden>{t('language.current')} </VisuallyHidden>
          <span lang={current}>{t(`language.${current}`)}</span>
        </Button>
      </Menu.Target>
      <Menu.Dropdown aria-label={t('language.label')}>
        <Menu.RadioGroup value={current} onChange={(value) => isLanguage(value) && void changeLanguage(value)}>
          {SUPPORTED_LANGUAGES.map((language) => (
            <Menu.RadioItem key={language} value={language} lang={language} closeMenuOnClick>
              {t(`language.${language}`)}
            </Menu.RadioItem>
          ))}
        </Menu.RadioGroup>
      </Menu.Dropdown>
    </Menu>
  );
}
