import { describe, expect, it } from 'vitest';
import type { AuditSettings } from '../../../../common/api/audit.js';
import { changedSettings, parseCampaignIds, parseValues, toValues } from './settings-form.js';

const SETTINGS: AuditSettings = {
  batch_size: 20,
  assignment_ttl_minutes: 1440,
  resume_unfinished: true,
  calibration_share: 0.1,
  pool_contact_replied: true,
  pool_campaign_ids: null,
  pool_since_days: 30,
  pool_min_messages: 2,
  pool_retention_days: null,
  data_retention_days: 365,
};

describe('audit settings form', () => {
  it('shows the share as a percentage and nulls as empty', () => {
    const values = toValues(SETTINGS);
    expect(values.calibration_share).toBe(10);
    expect(values.pool_campaign_ids).toBe('');
    expect(values.pool_retention_days).toBe('');
  });

  it('sends nothing when nothing changed', () => {
    const values = toValues({ ...SETTINGS, calibration_share: 0.07, pool_campaign_ids: [3, 4] });
    expect(changedSettings(values, { ...values, pool_campaign_ids: '3,4' })).toEqual({});
  });

  it('sends only the changed fields, converted for the API', () => {
    const values = toValues(SETTINGS);
    const edited = { ...values, calibration_share: 12.5, pool_since_days: '', pool_campaign_ids: '5, 2, 5' };
    expect(changedSettings(values, edited)).toEqual({
      calibration_share: 0.125,
      pool_since_days: null,
      pool_campaign_ids: [5, 2],
    });
  });

  it('names the invalid fields', () => {
    const values = {
      ...toValues(SETTINGS),
      batch_size: 500,
      assignment_ttl_minutes: '',
      calibration_share: 120,
    };
    const { problems } = parseValues(values);
    expect(problems.batch_size).toEqual({ code: 'max', max: 100 });
    expect(problems.assignment_ttl_minutes).toEqual({ code: 'required' });
    expect(problems.calibration_share).toEqual({ code: 'max', max: 100 });
    expect(problems.pool_since_days).toBeUndefined();
  });

  it('reads campaign id lists', () => {
    expect(parseCampaignIds('  ')).toEqual({ ids: null });
    expect(parseCampaignIds('1; 2 3')).toEqual({ ids: [1, 2, 3] });
    expect(parseCampaignIds('1, x2')).toEqual({ ids: null, problem: { code: 'campaignIds', token: 'x2' } });
    expect(parseCampaignIds('1 2147483648')).toEqual({
      ids: null,
      problem: { code: 'campaignIds', token: '2147483648' },
    });
  });
});
