import { describe, expect, it } from 'vitest';
import { checkReport, parseHeader, parseValue } from './index.js';

const report = (...lines: string[]) => lines.join('\n');

describe('report header', () => {
  it('reads every type, aliases, nullable before or after, and defaults', () => {
    const { params, problems } = parseHeader(
      report(
        '-- Flag status, as Discourse has it',
        '-- [params]',
        '-- date :start_date = 2023-01-01',
        '-- null int :campaign_id',
        '-- int null :limit_n = #null',
        '-- int_list :flag_types = 3,4,8',
        '-- bigint :big = 9007199254740993',
        '-- double :ratio = 0.5',
        '-- boolean :only_open = true',
        '-- string :label = hello world ',
        '-- time :at = 09:30',
        '-- datetime :since = 2023-01-01 10:00',
        '-- timestamp :until = 2023-01-01T10:00:00Z',
        '-- integer :n = 7',
        '-- text :t',
        '-- bigint_list :ids = 1, 2',
        '-- string_list :names = a,b',
        '-- user_id :user = admin@example.org',
        '-- texter_id :texter = 3',
        '-- campaign_id :campaign = 1',
        '-- conversation_id :conversation = 1',
        '-- message_id :message = 1',
        'SELECT 1',
      ),
    );
    expect(problems).toEqual([]);
    const byName = Object.fromEntries(params.map((p) => [p.name, p]));
    expect(byName.start_date).toMatchObject({
      type: 'date',
      nullable: false,
      defaultValue: '2023-01-01',
      line: 3,
    });
    expect(byName.campaign_id).toMatchObject({ type: 'int', nullable: true, defaultValue: undefined });
    expect(byName.limit_n).toMatchObject({ type: 'int', nullable: true, defaultValue: null });
    expect(byName.flag_types?.defaultValue).toEqual([3, 4, 8]);
    expect(byName.big?.defaultValue).toBe('9007199254740993');
    expect(byName.ratio?.defaultValue).toBe(0.5);
    expect(byName.only_open?.defaultValue).toBe(true);
    expect(byName.label?.defaultValue).toBe('hello world');
    expect(byName.since?.type).toBe('datetime');
    expect(byName.until?.type).toBe('datetime');
    expect(byName.n).toMatchObject({ type: 'int', defaultValue: 7 });
    expect(byName.t).toMatchObject({ type: 'string', defaultValue: undefined });
    expect(byName.ids?.defaultValue).toEqual(['1', '2']);
    expect(byName.names?.defaultValue).toEqual(['a', 'b']);
    expect(byName.user).toMatchObject({ type: 'user_id', defaultValue: 'admin@example.org' });
    expect(params).toHaveLength(20);
  });

  it('ignores lines before [params] and ends the block at the first non-declaration', () => {
    const { params, problems } = parseHeader(
      report('-- int :not_a_param', '-- [params]', '-- int :a = 1', '', '-- int :b = 2', 'SELECT :a'),
    );
    expect(problems).toEqual([]);
    expect(params.map((p) => p.name)).toEqual(['a']);
  });

  it('has no parameters without a [params] line', () => {
    expect(parseHeader('SELECT 1')).toEqual({ params: [], problems: [] });
  });

  it('lists every problem with its line', () => {
    const sql = report(
      '-- [params]',
      '-- widget :a',
      '-- int :b = twelve',
      '-- int',
      '-- date :c = 2023-02-30',
      '-- int :Bad',
      '-- int :d = 1',
      '-- int :d = 2',
      '-- int :e = #null',
      '-- boolean :f = maybe',
      '-- int :unused = 1',
      'SELECT :d, :missing, :b, :c, :a, :e, :f',
    );
    expect(checkReport(sql).problems).toEqual([
      { line: 2, message: 'unknown type "widget" for :a' },
      { line: 3, message: 'default of :b: "twelve" is not a whole number' },
      { line: 4, message: 'malformed declaration "-- int": expected "-- type :name [= default]"' },
      { line: 5, message: 'default of :c: "2023-02-30" is not a date (YYYY-MM-DD)' },
      { line: 6, message: '":Bad": names are lower-case letters, digits and _' },
      { line: 8, message: ':d is declared twice (first on line 7)' },
      { line: 9, message: 'default of :e: is not nullable' },
      { line: 10, message: 'default of :f: "maybe" is not true or false' },
      { line: 11, message: ':unused is declared but never used' },
      { line: 12, message: ':missing is used but not declared' },
      { line: 12, message: ':b is used but not declared' },
      { line: 12, message: ':c is used but not declared' },
      { line: 12, message: ':a is used but not declared' },
      { line: 12, message: ':e is used but not declared' },
      { line: 12, message: ':f is used but not declared' },
    ]);
  });

  it('does not count markers inside literals, comments or casts as uses', () => {
    const sql = report(
      '-- [params]',
      '-- int :a = 1',
      "SELECT :a::text, ':b', E'\\':c', \"x:d\", $$ :e $$, $q$ :f $q$ -- :g",
      '/* :h /* :i */ :j */',
    );
    expect(checkReport(sql).problems).toEqual([]);
  });

  it('parses values the same way as defaults', () => {
    expect(parseValue('int', false, ' 42 ')).toEqual({ ok: true, value: 42 });
    expect(parseValue('int', false, '2147483648')).toEqual({
      ok: false,
      error: '2147483648 is out of range',
    });
    expect(parseValue('int_list', false, '')).toEqual({ ok: true, value: [] });
    expect(parseValue('int_list', false, '1,x')).toMatchObject({ ok: false });
    expect(parseValue('string', true, '#null')).toEqual({ ok: true, value: null });
    expect(parseValue('string', false, '#null')).toEqual({ ok: false, error: 'is not nullable' });
    expect(parseValue('time', false, '25:00')).toMatchObject({ ok: false });
    expect(parseValue('datetime', false, '2024-02-29 23:59:59+02:00')).toMatchObject({ ok: true });
    expect(parseValue('double', false, 'NaN')).toMatchObject({ ok: false });
  });
});
