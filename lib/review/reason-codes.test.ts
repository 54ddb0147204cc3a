import { describe, expect, it } from 'vitest';
import { readJsonSetting } from '@/lib/json-setting';
import { DEFAULT_REASON_CODES, reasonCodesFromJson, reasonLabel } from './reason-codes';

describe('REVIEW_REASON_CODES', () => {
  it('is optional: the defaults apply', () => {
    expect(readJsonSetting('REVIEW_REASON_CODES', reasonCodesFromJson, undefined)).toBeUndefined();
    expect(DEFAULT_REASON_CODES.map((reason) => reason.code)).toContain('minor_sexual');
  });

  it('reads a JSON list of codes and labels', () => {
    const codes = readJsonSetting('REVIEW_REASON_CODES', reasonCodesFromJson, '[{"code":"spam","label":"Spam"},{"code":"other","label":"Other"}]');
    expect(codes).toEqual([
      { code: 'spam', label: 'Spam' },
      { code: 'other', label: 'Other' },
    ]);
  });

  it('stops start-up with the variable named when the list is wrong', () => {
    expect(() => readJsonSetting('REVIEW_REASON_CODES', reasonCodesFromJson, 'spam,other')).toThrowError(/^Invalid configuration: REVIEW_REASON_CODES /);
    expect(() => readJsonSetting('REVIEW_REASON_CODES', reasonCodesFromJson, '[]')).toThrowError(/REVIEW_REASON_CODES/);
    expect(() => readJsonSetting('REVIEW_REASON_CODES', reasonCodesFromJson, '[{"code":"Bad Code","label":"x"}]')).toThrowError(/REVIEW_REASON_CODES/);
    expect(reasonCodesFromJson.safeParse('[{"code":"a","label":"A"},{"code":"a","label":"B"}]').success).toBe(false);
  });

  it('labels a stored code, falling back to the code itself when it left the list', () => {
    expect(reasonLabel(DEFAULT_REASON_CODES, 'ip')).toBe('Intellectual property');
    expect(reasonLabel(DEFAULT_REASON_CODES, 'retired_code')).toBe('retired_code');
    expect(reasonLabel(DEFAULT_REASON_CODES, null)).toBeNull();
  });
});
