import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../lib/ipc/bindings/CaseDetail';
import { fakeBackend, resetBackend } from '../../lib/ipc/testing';
import { DocumentsMenu, documentKinds } from './DocumentsMenu';

afterEach(() => {
  cleanup();
  resetBackend();
});

const base = { case: { id: 7, responded_at: null }, events: [{ kind: 'created' }] } as unknown as CaseDetail;
const decided = { case: { id: 7, responded_at: '2026-03-05T02:00:00Z' }, events: [{ kind: 'extension' }] } as unknown as CaseDetail;

describe('<DocumentsMenu>', () => {
  it('offers a decision letter only once decided, an extension notice only once extended', () => {
    expect(documentKinds(base)).toEqual(['receipt', 'summary', 'summary_internal']);
    expect(documentKinds(decided)).toEqual(['receipt', 'decision', 'extension', 'summary', 'summary_internal']);
  });

  it('issues the picked document to save, or to open for printing, and says where it went', async () => {
    const asked: unknown[] = [];
    fakeBackend({
      issue_document: (args) => {
        asked.push(args);
        return '/home/desk/TS-2026-000007-受理回执.pdf';
      },
    });
    renderWithDesk(<DocumentsMenu detail={base} />);
    fireEvent.click(screen.getByTestId('documents-menu'));
    fireEvent.click(await screen.findByTestId('document-save-receipt'));
    await waitFor(() => expect(asked).toEqual([{ id: 7, kind: 'receipt', deliverAs: 'save', langCode: 'zh' }]));
    expect(await screen.findByText('已保存到 /home/desk/TS-2026-000007-受理回执.pdf')).toBeTruthy();
    fireEvent.click(screen.getByTestId('documents-print'));
    fireEvent.click(await screen.findByTestId('document-open-summary'));
    await waitFor(() => expect(asked).toHaveLength(2));
    expect(asked[1]).toEqual({ id: 7, kind: 'summary', deliverAs: 'open', langCode: 'zh' });
  });

  it('shows a refusal from the backend', async () => {
    fakeBackend({
      issue_document: () => {
        throw { code: 'transition_not_allowed', message: '案件尚未作出处理决定', rule: 'document.decision.needs_decision' };
      },
    });
    renderWithDesk(<DocumentsMenu detail={decided} />);
    fireEvent.click(screen.getByTestId('documents-menu'));
    fireEvent.click(await screen.findByTestId('document-save-decision'));
    expect(await screen.findByText(/不能|尚未|不允许/)).toBeTruthy();
  });
});
