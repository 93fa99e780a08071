import { Badge, Paper, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ConversationView } from '../../../../common/api/audit.js';
import classes from './audit-screen.module.css';

/** The campaign's survey questions with the answer the texter recorded, and the allowed answers. */
export function SurveyPanel({ survey }: { survey: ConversationView['survey'] }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="audit-survey-title" data-testid="survey">
      <Title order={3} size="h5" mb="xs" id="audit-survey-title">
        {t('audit.survey.title')}
      </Title>
      {survey.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('audit.survey.empty')}
        </Text>
      ) : (
        <ul className={classes.stackList}>
          {survey.map((entry, index) => (
            // The survey is fixed for the conversation on screen: its order is a stable key.
            // biome-ignore lint/suspicious/noArrayIndexKey: questions may repeat, and never reorder
            <li key={index} data-testid="survey-question">
              <Text size="sm" fw={500} className={classes.messageText}>
                {entry.question}
              </Text>
              {entry.answer === null ? (
                <Text size="sm" c="dimmed" fs="italic">
                  {t('audit.survey.noAnswer')}
                </Text>
              ) : (
                <Text
                  size="sm"
                  fw={700}
                  c="indigo"
                  className={classes.messageText}
                  data-testid="survey-answer"
                >
                  {entry.answer}
                </Text>
              )}
              {entry.responses.length > 0 && (
                <Text size="xs" c="dimmed">
                  {t('audit.survey.allowed')}: {entry.responses.join(' · ')}
                </Text>
              )}
            </li>
          ))}
        </ul>
      )}
    </Paper>
  );
}

/** The tags applied to the conversation. */
export function TagsPanel({ tags }: { tags: ConversationView['conversation']['tags'] }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="audit-tags-title" data-testid="tags">
      <Title order={3} size="h5" mb="xs" id="audit-tags-title">
        {t('audit.tags.title')}
      </Title>
      {tags.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('audit.tags.empty')}
        </Text>
      ) : (
        <ul className={classes.tagList}>
          {tags.map((tag) => (
            <li key={`${tag.name}=${tag.value ?? ''}`}>
              <Badge variant="light" tt="none" data-testid="tag">
                {tag.value === null ? tag.name : `${tag.name}: ${tag.value}`}
              </Badge>
            </li>
          ))}
        </ul>
      )}
    </Paper>
  );
}
