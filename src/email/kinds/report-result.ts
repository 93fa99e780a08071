import type { EmailKind } from '../kind.js';

/** What a scheduled report's mail is given (src/reports/schedules/run.ts). */
export interface ReportResultVariables {
  name: string;
  report: { title: string; url: string };
  row_count: number;
  /** The result was longer than a mail carries: the attachment holds its first rows. */
  truncated: boolean;
  file_name: string;
  /** When the schedule ran, in its time zone (`2026-03-02 07:00 America/Sao_Paulo`). */
  run_at: string;
}

/** A report run by its schedule, its result attached as CSV (not sent when it has no rows). */
export const reportResultEmail: EmailKind<ReportResultVariables> = {
  key: 'report_result',
  sample: {
    name: 'Ana Souza',
    report: { title: 'Flag Status', url: 'https://parley.example.org/reports/flag-status?run=1' },
    row_count: 12,
    truncated: false,
    file_name: 'flag-status-2026-03-02.csv',
    run_at: '2026-03-02 07:00 America/Sao_Paulo',
  },
  label: { en: 'Scheduled report', 'pt-BR': 'Relatório agendado' },
  defaults: {
    en: {
      subject: '{{ report.title }}: {{ row_count }} {% if row_count == 1 %}row{% else %}rows{% endif %}',
      html: `<p>Hello {{ name }},</p>
<p>The report <a href="{{ report.url }}">{{ report.title }}</a> ran on its schedule at {{ run_at }} and returned {{ row_count }} {% if row_count == 1 %}row{% else %}rows{% endif %}. They are attached as <strong>{{ file_name }}</strong>.</p>
{% if truncated %}<p>The result was longer than an e-mail carries: the file holds its first {{ row_count }} rows. Open the report to export all of it.</p>{% endif %}`,
    },
    'pt-BR': {
      subject: '{{ report.title }}: {{ row_count }} {% if row_count == 1 %}linha{% else %}linhas{% endif %}',
      html: `<p>Olá, {{ name }}!</p>
<p>O relatório <a href="{{ report.url }}">{{ report.title }}</a> foi executado pelo agendamento em {{ run_at }} e retornou {{ row_count }} {% if row_count == 1 %}linha{% else %}linhas{% endif %}. Elas estão no anexo <strong>{{ file_name }}</strong>.</p>
{% if truncated %}<p>O resultado era maior do que cabe num e-mail: o arquivo traz as primeiras {{ row_count }} linhas. Abra o relatório para exportá-lo inteiro.</p>{% endif %}`,
    },
  },
};
