import { fireEvent, screen, waitFor } from '@testing-library/react';
import { expect } from 'vitest';

/**
 * Fills the open 开立整改事项 form as a supervisor would: cause 设施设备, the action, owner 李工,
 * and the due day picked from the calendar (which opens on the desk's month).
 */
export async function fillImprovementForm(action: string, due: string) {
  fireEvent.mouseDown(screen.getByTestId('improvement-cause'));
  fireEvent.click(await screen.findByText('设施设备'));
  fireEvent.change(screen.getByTestId('improvement-action'), { target: { value: action } });
  fireEvent.mouseDown(screen.getByTestId('improvement-owner'));
  fireEvent.click(await screen.findByText('李工（工程部）'));
  fireEvent.mouseDown(screen.getByTestId('improvement-due'));
  fireEvent.click(screen.getByTestId('improvement-due'));
  const day = await waitFor(() => {
    const cell = document.querySelector(`td[title="${due}"]`);
    expect(cell, `the picker shows the month of ${due}`).toBeTruthy();
    return cell!;
  });
  fireEvent.click(day.querySelector('.ant-picker-cell-inner') ?? day);
}
