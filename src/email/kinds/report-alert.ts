import type { EmailKind } from '../kind.js';

/** What a report check's alert is given (src/reports/schedules/run.ts). */
export interface ReportAlertVariables {
  name: string;
  report: { title: string; url: string };
  /** `rows` (it returned rows), `empty` (it returned none) or `change` (the row count moved). */
  check: string;
  row_count: number;
  /** alert_when_change: the previous run's rows, the change in % and the threshold in %. */
  previous_count: number;
  change_percent: number;
  threshold_percent: number;
  /** The rows are attached as CSV (a check that returned rows). */
  attached: boolean;
  file_name: string;
  run_at: string;
}

/** A report check whose state changed to "alert": mailed once, again only after it cleared. */
export const reportAlertEmail: EmailKind<ReportAlertVariables> = {
  key: 'report_alert',
  sample: {
    name: 'Ana Souza',
    report: {
      title: 'Flags waiting over a day',
      url: 'https://parley.example.org/reports/stale-flags?run=1',
    },
    check: 'change',
    row_count: 3,
    previous_count: 2,
    change_percent: 50,
    threshold_percent: 20,
    attached: true,
    file_name: 'stale-flags-2026-03-02.csv',
    run_at: '2026-03-02 07:00 America/Sao_Paulo',
  },
  label: { en: 'Report check alert', 'pt-BR': 'Alerta de verificação de relatório' },
  defaults: {
    en: {
      subject: `Alert: {{ report.title }} {% if check == 'empty' %}returned no rows{% elsif check == 'change' %}changed by {{ change_percent }} %{% else %}returned {{ row_count }} {% if row_count == 1 %}row{% else %}rows{% endif %}{% endif %}`,
      html: `<p>Hello {{ name }},</p>
<p>The check <a href="{{ report.url }}">{{ report.title }}</a> ran at {{ run_at }} and
{% if check == 'empty' %}returned no rows.{% elsif check == 'change' %}returned {{ row_count }} rows, {{ previous_count }} the time before: a change of {{ change_percent }} %, more than the {{ threshold_percent }} % it watches for.{% else %}returned {{ row_count }} {% if row_count == 1 %}row{% else %}rows{% endif %}.{% endif %}</p>
{% if attached %}<p>The rows are attached as <strong>{{ file_name }}</strong>.</p>{% endif %}
{% if check != 'change' %}<p>You will not be told again until the check has cleared and then alerts anew.</p>{% endif %}`,
    },
    'pt-BR': {
      subject: `Alerta: {{ report.title }} {% if check == 'empty' %}não retornou linhas{% elsif check == 'change' %}mudou {{ change_percent }} %{% else %}retornou {{ row_count }} {% if row_count == 1 %}linha{% else %}linhas{% endif %}{% endif %}`,
      html: `<p>Olá, {{ name }}!</p>
<p>A verificação <a href="{{ report.url }}">{{ report.title }}</a> foi executada em {{ run_at }} e
{% if check == 'empty' %}não retornou linhas.{% elsif check == 'change' %}retornou {{ row_count }} linhas, contra {{ previous_count }} da vez anterior: uma mudança de {{ change_percent }} %, acima dos {{ threshold_percent }} % observados.{% else %}retornou {{ row_count }} {% if row_count == 1 %}linha{% else %}linhas{% endif %}.{% endif %}</p>
{% if attached %}<p>As linhas estão no anexo <strong>{{ file_name }}</strong>.</p>{% endif %}
{% if check != 'change' %}<p>Você não será avisado de novo até que a verificação volte ao normal e alerte outra vez.</p>{% endif %}`,
    },
  },
};
