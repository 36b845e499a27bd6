import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { users } from '../../testing/fixtures';
import { charCount, toCaseInput, type IntakeValues } from './caseInput';

const base: IntakeValues = {
  anonymous: false,
  customer_name: ' 王秀英 ',
  customer_phone: '138 0013 8000',
  channel: 'walk_in',
  received_at: dayjs('2026-03-02T10:15:00'),
  subject: ' 电梯停运 ',
  description: '  第一行\n  第二行  ',
  claim: 'correction',
  category: ['repair', 'repair.elevator'],
  severity: 'ordinary',
  urgency: 'normal',
  mood: 'calm',
  project: '翠湖花园',
  building: '',
  business_line: 'life',
};

describe('toCaseInput()', () => {
  it('sends trimmed text, the category pair and the time as UTC, keeping the description as typed', () => {
    // The desk is in Shanghai (the default zone): the picked 10:15 is 02:15 UTC on any machine.
    const input = toCaseInput(base, 'property', users);
    expect(input).toMatchObject({
      anonymous: false,
      customer_name: '王秀英',
      customer_phone: '138 0013 8000',
      subject: '电梯停运',
      description: '  第一行\n  第二行  ',
      category: 'repair',
      subcategory: 'repair.elevator',
      project: '翠湖花园',
      received_at: '2026-03-02T02:15:00.000Z',
    });
    expect(input).not.toHaveProperty('building');
  });

  it('sends only the fields of the desk’s profile', () => {
    expect(toCaseInput(base, 'property', users)).not.toHaveProperty('business_line');
    const insurance = toCaseInput(base, 'insurance', users);
    expect(insurance.business_line).toBe('life');
    expect(insurance).not.toHaveProperty('project');
  });

  it('sends no customer for anonymous feedback', () => {
    const input = toCaseInput({ ...base, anonymous: true }, 'property', users);
    expect(input.anonymous).toBe(true);
    expect(input).not.toHaveProperty('customer_name');
    expect(input).not.toHaveProperty('customer_phone');
  });

  it('sends the regulator fields only for a regulator transfer, the date as the start of that day at the desk', () => {
    expect(toCaseInput({ ...base, regulator_name: '金融监管局' }, 'property', users)).not.toHaveProperty('regulator_name');
    const input = toCaseInput(
      { ...base, channel: 'regulator', regulator_name: '金融监管局', regulator_received_at: dayjs('2026-02-28T16:00:00') },
      'property',
      users,
    );
    expect(input.regulator_name).toBe('金融监管局');
    // Shanghai's 2026-02-28 00:00.
    expect(input.regulator_received_at).toBe('2026-02-27T16:00:00.000Z');
  });

  it('links a staff name that is an active user to that user, and keeps a typed name as text', () => {
    expect(toCaseInput({ ...base, staff_name: '李工' }, 'property', users)).toMatchObject({ staff_name: '李工', staff_user_id: 2 });
    const typed = toCaseInput({ ...base, staff_name: '保安小刘' }, 'property', users);
    expect(typed.staff_name).toBe('保安小刘');
    expect(typed).not.toHaveProperty('staff_user_id');
    expect(toCaseInput({ ...base, staff_name: '王师傅' }, 'property', users)).not.toHaveProperty('staff_user_id');
  });

  it('sends the deadline rule picked, and none when the desk’s default is kept', () => {
    expect(toCaseInput({ ...base, rule_pack: 'pboc-2020' }, 'insurance', users).rule_pack).toBe('pboc-2020');
    expect(toCaseInput(base, 'insurance', users)).not.toHaveProperty('rule_pack');
    // A cleared select gives undefined; an empty string must not reach the backend as an unknown code.
    expect(toCaseInput({ ...base, rule_pack: '' }, 'insurance', users)).not.toHaveProperty('rule_pack');
  });

  it('leaves a required field out when it is blank, for the backend to name it', () => {
    const input = toCaseInput({ ...base, subject: '   ', description: ' \n ' }, 'property', users);
    expect(input).not.toHaveProperty('subject');
    expect(input).not.toHaveProperty('description');
  });
});

describe('charCount()', () => {
  it('counts characters, not UTF-16 units, as the backend does', () => {
    expect(charCount('电梯')).toBe(2);
    expect(charCount('𠮷a')).toBe(2);
  });
});
