import { Button, Menu, Text, VisuallyHidden } from '@mantine/core';
import { IconChevronDown } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

export interface LayoutOrganisationChoice {
  id: string;
  name: string;
}

export interface OrganisationSwitcherProps {
  current: LayoutOrganisationChoice;
  organisations: readonly LayoutOrganisationChoice[];
  onSwitch: (organisationId: string) => void;
}

/** Shown when the user belongs to several organisations; each has its own data, rights and audit trail. */
export function OrganisationSwitcher({ current, organisations, onSwitch }: OrganisationSwitcherProps) {
  const { t } = useTranslation();
  return (
    // In a portal: the header's stacking context would put the dropdown under the navigation panel.
    <Menu position="bottom-start" width={280} withInitialFocusPlaceholder={false}>
      <Menu.Target>
        <Button variant="subtle" color="dark" rightSection={<IconChevronDown size={16} aria-hidden />} maw={260}>
          <VisuallyHidden>{t('organisationSwitcher.current')} </VisuallyHidden>
          <Text span truncate="end" size="sm">
            {current.name}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown aria-label={t('organisationSwitcher.label')}>
        <Menu.Label>{t('organisationSwitcher.label')}</Menu.Label>
        <Menu.RadioGroup value={current.id} onChange={(value) => value !== current.id && onSwitch(value)}>
          {organisations.map((organisation) => (
            <Menu.RadioItem key={organisation.id} value={organisation.id} closeMenuOnClick>
              {organisation.name}
            </Menu.RadioItem>
          ))}
        </Menu.RadioGroup>
      </Menu.Dropdown>
    </Menu>
  );
}
