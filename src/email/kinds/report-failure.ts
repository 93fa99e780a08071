import type { EmailKind } from '../kind.js';

/** What the mail about a failed scheduled run is given (src/reports/schedules/run.ts). */
export interface ReportFailureVariables {
  name: string;
  report: { title: string; url: string };
  /** The database's or Parley's words (a timeout, an SQL error, a source that did not answer). */
  error: string;
  cron: string;
  run_at: string;
}

/** To a report's owner: its scheduled run failed; the error is also shown on the report's page. */
export const reportFailureEmail: EmailKind<ReportFailureVariables> = {
  key: 'report_failure',
  sample: {
    name: 'Ana Souza',
    report: { title: 'Flag Status', url: 'https://parley.example.org/reports/flag-status' },
    error: 'The report ran past its time limit and was stopped.',
    cron: '0 7 * * *',
    run_at: '2026-03-02 07:00 America/Sao_Paulo',
  },
  label: { en: 'Scheduled report failed', 'pt-BR': 'Falha em relatório agendado' },
  defaults: {
    en: {
      subject: 'The scheduled run of {{ report.title }} failed',
      html: `<p>Hello {{ name }},</p>
<p>The report <a href="{{ report.url }}">{{ report.title }}</a> did not run on its schedule (<code>{{ cron }}</code>) at {{ run_at }}:</p>
<blockquote>{{ error }}</blockquote>
<p>Nothing was sent to its recipients. The error is shown with the schedule on the report's page; you will be told again if a later run fails differently.</p>`,
    },
    'pt-BR': {
      subject: 'Falhou a execução agendada de {{ report.title }}',
      html: `<p>Olá, {{ name }}!</p>
<p>O relatório <a href="{{ report.url }}">{{ report.title }}</a> não foi executado pelo agendamento (<code>{{ cron }}</code>) em {{ run_at }}:</p>
<blockquote>{{ error }}</blockquote>
<p>Nada foi enviado aos destinatários. O erro aparece junto do agendamento na página do relatório; você será avisado de novo se uma execução posterior falhar de outro modo.</p>`,
    },
  },
};
