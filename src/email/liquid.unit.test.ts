import { describe, expect, it } from 'vitest';
import type { EmailKind } from './kind.js';
import { layoutKind } from './layout.js';
import { renderSources } from './render.js';
import { checkTemplate } from './templates.js';

interface Vars {
  texter: { name: string };
  audits: { note: string; items: string[] }[];
}

const kind: EmailKind<Vars> = {
  key: 'unit',
  sample: { texter: { name: 'Ana' }, audits: [{ note: 'good', items: ['tone'] }] },
  defaults: { en: { subject: 's', html: 'h' }, 'pt-BR': { subject: 's', html: 'h' } },
};

describe('template check', () => {
  it('accepts what the sample provides, loops and assignments included', () => {
    const html = `{% assign n = texter.name | upcase %}{{ n }}
{% for audit in audits %}{{ audit.note }} {{ audit.items | join: ", " }} {{ forloop.index }}{% endfor %}
{% if texter.name %}x{% endif %}{{ audits.size }} {{ audits.first.note }}`;
    expect(checkTemplate(kind, { subject: 'Hi {{ texter.name }}', html, text: '' })).toEqual([]);
  });

  it('lists every unknown variable with its line, and syntax errors', () => {
    const problems = checkTemplate(kind, {
      subject: '{{ texter.nome }}',
      html: '<p>{{ texter.name }}</p>\n<p>{{ texter.nmae }}</p>\n{{ period.start }}',
      text: 'line 1\n{% if %}',
    });
    expect(problems).toEqual([
      { part: 'subject', line: 1, column: 4, problem: 'unknown_variable', detail: 'texter.nome' },
      { part: 'html', line: 2, column: 7, problem: 'unknown_variable', detail: 'texter.nmae' },
      { part: 'html', line: 3, column: 4, problem: 'unknown_variable', detail: 'period.start' },
      expect.objectContaining({ part: 'text', line: 2, problem: 'syntax' }),
    ]);
  });

  it("finds an unknown field of a loop's item by rendering the sample", () => {
    const problems = checkTemplate(kind, {
      subject: 's',
      html: '{% for a in audits %}\n{{ a.nte }}{% endfor %}',
    });
    expect(problems).toEqual([
      expect.objectContaining({ part: 'html', line: 2, problem: 'unknown_variable' }),
    ]);
  });

  it('refuses an unknown filter', () => {
    const problems = checkTemplate(kind, { subject: '{{ texter.name | shout }}', html: 'x' });
    expect(problems).toEqual([expect.objectContaining({ part: 'subject', problem: 'syntax' })]);
  });

  it('checks every default template of the layout', () => {
    for (const source of Object.values(layoutKind.defaults))
      expect(checkTemplate(layoutKind, source)).toEqual([]);
  });
});

describe('rendering', () => {
  const layout = layoutKind.defaults.en;

  it('escapes HTML variables, not the subject or text; text made from HTML', () => {
    const rendered = renderSources(
      {
        subject: 'Olá, {{ texter.name }}\n',
        html: '<p>{{ texter.name }}</p><a href="https://x.org/a">link</a>',
      },
      layout,
      { texter: { name: '<b>João</b> & co' } },
    );
    expect(rendered.subject).toBe('Olá, <b>João</b> & co');
    expect(rendered.html).toContain('<p>&lt;b&gt;João&lt;/b&gt; &amp; co</p>');
    expect(rendered.html).toContain('<title>Olá, &lt;b&gt;João');
    expect(rendered.text).toContain('<b>João</b> & co');
    expect(rendered.text).toContain('link [https://x.org/a]');
    expect(rendered.text).toContain('Parley');
  });

  it("frames a template's own text with the layout's", () => {
    const rendered = renderSources(
      { subject: 's', html: '<p>h</p>', text: 'Hi {{ texter.name }} <3' },
      layout,
      {
        texter: { name: 'Ana' },
      },
    );
    expect(rendered.text).toMatch(/^Hi Ana <3\n\n-- \nParley/);
  });

  it('prints a missing variable as nothing when sending', () => {
    expect(renderSources({ subject: '{{ x }}!', html: 'a' }, layout, {}).subject).toBe('!');
  });
});
