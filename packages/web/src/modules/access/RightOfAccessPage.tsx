import { dpoPersonSearchSchema } from '@maillon/shared/people';
import { Group, Stack, Text } from '@mantine/core';
import { IconFileText } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatDay } from '../../ui/format';
import { ButtonLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { searchForDpo } from './api';
import { PersonLookupForm } from './PersonLookupForm';

/**
 * Droit d'accès (issue 19 item 6): the DPO finds a person by name and exact birth date — seeing only name, birth
 * date and service, never the record — and opens that person's access report to answer the request.
 */
export function RightOfAccessPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('access.rightOfAccess.title')} description={t('access.rightOfAccess.description')} />
      <Stack gap="lg">
        <PersonLookupForm
          fields={[
            { name: 'name', label: t('access.rightOfAccess.name'), description: t('access.rightOfAccess.nameHelp') },
            { name: 'birthDate', label: t('access.rightOfAccess.birthDate'), date: true },
          ]}
          schema={dpoPersonSearchSchema}
          messages={{ name: t('access.rightOfAccess.errors.name'), birthDate: t('access.rightOfAccess.errors.birthDate') }}
          search={searchForDpo}
          texts={{
            searchTitle: t('access.rightOfAccess.searchTitle'),
            search: t('access.rightOfAccess.search'),
            results: t('access.rightOfAccess.results'),
            found: (count) => t('access.rightOfAccess.found', { count }),
            none: t('access.rightOfAccess.none'),
            noneHelp: t('access.rightOfAccess.noneHelp'),
          }}
          renderMatch={(match) => (
            <>
              <Text fw={600}>{match.name}</Text>
              <Text size="sm">{t('access.rightOfAccess.bornOn', { date: formatDay(match.birthDate) })}</Text>
              <Text size="sm" c="dimmed">
                {match.serviceName ?? t('access.rightOfAccess.noService')}
              </Text>
              <Group>
                <ButtonLink
                  to="/access/reports/$personId"
                  params={{ personId: match.id }}
                  variant="light"
                  size="xs"
                  leftSection={<IconFileText size={14} aria-hidden />}
                  aria-label={t('access.rightOfAccess.openReportFor', { name: match.name })}
                >
                  {t('access.rightOfAccess.openReport')}
                </ButtonLink>
              </Group>
            </>
          )}
        />
      </Stack>
    </>
  );
}
