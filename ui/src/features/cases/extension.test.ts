import { describe, expect, it } from 'vitest';
import { decisionClock as decision, nfraPack as nfra } from '../../testing/fixtures';
import { extendableClocks, nextStep, offersExtension, offersRequest, requiredFor, toExtensionInput } from './extension';

describe('extension form', () => {
  it('marks the fields a step needs on record, as the pack says', () => {
    expect(requiredFor(decision.extensions[0])).toEqual({ approver: false, customer_notified: true, reason: false });
    expect(requiredFor(decision.extensions[1])).toEqual({ approver: true, customer_notified: true, reason: false });
    expect(requiredFor({ ...decision.extensions[0]!, needs_notice: false, needs_reason: true })).toEqual({
      approver: false,
      customer_notified: false,
      reason: true,
    });
  });

  it('marks nothing before a step is chosen', () => {
    expect(requiredFor(undefined)).toEqual({ approver: false, customer_notified: false, reason: false });
  });

  it('starts on the step after the one in force, or the first when that was the last', () => {
    expect(nextStep(decision, undefined)).toBe(1);
    expect(nextStep(decision, { extension_step: 1 })).toBe(2);
    expect(nextStep(decision, { extension_step: 2 })).toBe(1);
  });

  it('is offered when the backend allows it and the pack has a clock with steps', () => {
    expect(extendableClocks({ rule_pack: nfra }).map((c) => c.code)).toEqual(['decision']);
    expect(offersExtension({ rule_pack: nfra, can_extend: true })).toBe(true);
    expect(offersExtension({ rule_pack: nfra, can_extend: false })).toBe(false);
    expect(offersExtension({ rule_pack: { ...nfra, clocks: [nfra.clocks[1]!] }, can_extend: true })).toBe(false);
    expect(offersExtension({ rule_pack: null, can_extend: true })).toBe(false);
  });

  it('sends trimmed text, leaves blanks out and always says whether the customer was told', () => {
    expect(toExtensionInput({ step: 2, approver: '  王总  ', reason: ' ', customer_notified: true, clock: 'decision' }, false)).toEqual({
      step: 2,
      approver: '王总',
      customer_notified: true,
    });
    expect(toExtensionInput({ step: 1, clock: 'decision' }, true)).toEqual({ step: 1, customer_notified: false, clock: 'decision' });
  });
});

describe('extension request', () => {
  const base = { rule_pack: nfra, can_extend: false, can_request_extension: true, pending_extension: null };
  it('offers 申请延期 to a handler the backend lets ask', () => {
    expect(offersRequest(base)).toBe(true);
  });
  it('does not offer it when the backend says no, to a supervisor who approves directly, or while a request is pending', () => {
    expect(offersRequest({ ...base, can_request_extension: false })).toBe(false);
    expect(offersRequest({ ...base, can_extend: true })).toBe(false);
    expect(offersRequest({ ...base, pending_extension: { step: 1, reason: '等鉴定', requested_by: '刘理赔', at: '2026-03-04T02:00:00Z' } })).toBe(false);
  });
  it('does not offer it on a pack without extension steps', () => {
    expect(offersRequest({ ...base, rule_pack: { ...nfra, clocks: nfra.clocks.map((c) => ({ ...c, extensions: [] })) } })).toBe(false);
  });
});
