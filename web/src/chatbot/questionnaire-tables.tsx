import { Code, List, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { QuestionnaireView } from '../../../common/api/chatbot.js';

/** Each questionnaire of a revision as a table: order, code, type, text, relevance, answers. */
export function QuestionnaireTables({ questionnaires }: { questionnaires: readonly QuestionnaireView[] }) {
  const { t } = useTranslation();
  if (questionnaires.length === 0) return <Text c="dimmed">{t('chatbots.questionnaires.none')}</Text>;
  return (
    <Stack gap="xl">
      {questionnaires.map((questionnaire) => (
        <Stack key={questionnaire.id} gap="sm">
          <Title order={2} size="h4">
            {t('chatbots.questionnaires.title', { id: questionnaire.id, name: questionnaire.name })}
          </Title>
          <Table.ScrollContainer minWidth={900}>
            <Table striped verticalSpacing="xs" data-testid="questionnaire-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>#</Table.Th>
                  <Table.Th>{t('chatbots.questionnaires.code')}</Table.Th>
                  <Table.Th>{t('chatbots.questionnaires.type')}</Table.Th>
                  <Table.Th>{t('chatbots.questionnaires.question')}</Table.Th>
                  <Table.Th>{t('chatbots.questionnaires.relevance')}</Table.Th>
                  <Table.Th>{t('chatbots.questionnaires.answers')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {questionnaire.questions.map((q, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: codes may repeat (a warning only); order is fixed
                  <Table.Tr key={`${q.code}-${i}`} data-testid="question-row">
                    <Table.Td>{i + 1}</Table.Td>
                    <Table.Td>
                      <Code>{q.code}</Code>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" c="dimmed" ff="monospace">
                        {q.type}
                      </Text>
                    </Table.Td>
                    <Table.Td maw={360}>
                      {q.intro.map((line, j) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: intro lines are positional
                        <Text key={j} size="sm" c="dimmed">
                          {line}
                        </Text>
                      ))}
                      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                        {q.question}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Code data-testid="question-relevance" c={q.relevance === '1' ? 'dimmed' : undefined}>
                        {q.relevance}
                      </Code>
                    </Table.Td>
                    <Table.Td>
                      <List size="xs" spacing={0}>
                        {q.answers.map((answer) => (
                          <List.Item key={answer}>{answer}</List.Item>
                        ))}
                      </List>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      ))}
    </Stack>
  );
}
