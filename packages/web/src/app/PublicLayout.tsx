import { Badge, Box, Container, Group, Paper, Text } from '@mantine/core';
import { IconLink } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Outlet } from '@tanstack/react-router';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { metaQueryOptions } from '../modules/home/api';
import { LanguageSwitcher } from './LanguageSwitcher';
import { useFocusMainOnNavigation } from './Layout';
import classes from './layout.module.css';

/** The frame of the pages reached signed out: sign-in, MFA code, forgotten password, invitation. */
export function PublicLayout() {
  const { t } = useTranslation();
  const mainRef = useRef<HTMLDivElement>(null);
  useFocusMainOnNavigation(mainRef);
  const meta = useQuery(metaQueryOptions());
  return (
    <Box mih="100vh" bg="gray.0">
      <Box component="header" bg="white" className={classes.publicHeader}>
        <Group h={60} px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Text component="span" className={classes.brand}>
              <IconLink size={22} aria-hidden />
              {t('app.name')}
            </Text>
            {meta.data?.mode === 'demo' ? (
              <Badge variant="light" color="orange">
                {t('app.demoBadge')}
              </Badge>
            ) : null}
          </Group>
          <LanguageSwitcher />
        </Group>
      </Box>
      <Container component="main" id="main" ref={mainRef} tabIndex={-1} size={480} px="md" py="xl" className={classes.main}>
        <Paper withBorder p={{ base: 'lg', sm: 'xl' }} radius="md">
          <Outlet />
        </Paper>
        <Text size="sm" c="dimmed" ta="center" mt="md">
          {t('app.tagline')}
        </Text>
      </Container>
    </Box>
  );
}
