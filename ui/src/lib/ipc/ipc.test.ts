import { emit } from '@tauri-apps/api/event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorMessage } from '../../locales/errorMessage';
import { addAttachment, MAX_ATTACHMENT_BYTES } from './commands';
import { DeskError, toDeskError } from './errors';
import { onEvent } from './events';
import { invoke } from './invoke';
import { emitBackendEvent, fakeBackend } from './testing';

afterEach(() => clearMocks());

describe('invoke()', () => {
  it('resolves with what the command returned', async () => {
    mockIPC((cmd, args) => (cmd === 'add_numbers' ? (args as { a: number; b: number }).a + 2 : null));
    await expect(invoke<number>('add_numbers', { a: 40 })).resolves.toBe(42);
  });

  it('turns the backend error {code, message, field, rule} into a DeskError with the same parts', async () => {
    mockIPC(() => {
      throw { code: 'required', message: '请填写“客户姓名”', field: 'customer_name', rule: 'required' };
    });
    const error = await invoke('create_case', { input: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeskError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'DeskError',
      code: 'required',
      message: '请填写“客户姓名”',
      field: 'customer_name',
      rule: 'required',
      command: 'create_case',
    });
  });

  it('leaves field and rule undefined when the backend sent none', async () => {
    mockIPC(() => {
      throw { code: 'not_found', message: '找不到案件' };
    });
    const error = (await invoke('get_case', { id: 9 }).catch((e: unknown) => e)) as DeskError;
    expect(error.code).toBe('not_found');
    expect(error.field).toBeUndefined();
    expect(error.rule).toBeUndefined();
  });

  it('reports a plain-string rejection (unknown command, panic) with the code ipc and the text kept', async () => {
    mockIPC(() => {
      throw 'command no_such_command not found';
    });
    const error = (await invoke('no_such_command').catch((e: unknown) => e)) as DeskError;
    expect(error).toBeInstanceOf(DeskError);
    expect(error.code).toBe('ipc');
    expect(error.message).toBe('command no_such_command not found');
    expect(error.command).toBe('no_such_command');
  });
});

describe('toDeskError()', () => {
  it('does not mistake an object without a string code and message for a backend error', () => {
    expect(toDeskError({ code: 7, message: 'x' }).code).toBe('ipc');
    expect(toDeskError({ message: 'x' }).code).toBe('ipc');
    expect(toDeskError(null).message).toBe('null');
  });

  it('keeps an Error as the cause', () => {
    const cause = new TypeError('bad argument');
    const error = toDeskError(cause, 'list_cases');
    expect(error.message).toBe('bad argument');
    expect(error.cause).toBe(cause);
  });

  it('passes a DeskError through unchanged', () => {
    const original = new DeskError('conflict', '已被修改');
    expect(toDeskError(original)).toBe(original);
  });
});

describe('onEvent()', () => {
  it('hands the payload of each event to the handler until unlistened', async () => {
    mockIPC(() => undefined, { shouldMockEvents: true });
    const handler = vi.fn();
    const unlisten = await onEvent<{ caseId: number }>('case_changed', handler);

    await emit('case_changed', { caseId: 3 });
    expect(handler).toHaveBeenCalledWith({ caseId: 3 });

    unlisten();
    unlisten();
    await emit('case_changed', { caseId: 4 });
    expect(handler).toHaveBeenCalledTimes(1);
  });
});

describe('fakeBackend()', () => {
  it('answers listed commands, refuses others as Tauri does, and delivers events', async () => {
    fakeBackend({
      get_case: ({ id }) => ({ id, title: '电梯故障' }),
      move_case: () => {
        throw { code: 'conflict', message: '已被修改' };
      },
    });
    await expect(invoke('get_case', { id: 5 })).resolves.toEqual({ id: 5, title: '电梯故障' });
    await expect(invoke('move_case')).rejects.toMatchObject({ code: 'conflict' });
    await expect(invoke('list_cases')).rejects.toMatchObject({ code: 'ipc', message: 'Command list_cases not found' });

    const handler = vi.fn();
    await onEvent('cases-changed', handler);
    await emitBackendEvent('cases-changed', { id: 5 });
    expect(handler).toHaveBeenCalledWith({ id: 5 });
  });
});

describe('addAttachment()', () => {
  /** Answers every call with `reply` and keeps what each call sent, headers included. */
  function recordCalls(reply: unknown) {
    mockIPC(() => reply);
    const calls: { cmd: string; payload: unknown; headers: Headers }[] = [];
    const internals = (window as unknown as { __TAURI_INTERNALS__: { invoke: (...a: unknown[]) => Promise<unknown> } }).__TAURI_INTERNALS__;
    const answer = internals.invoke.bind(internals);
    internals.invoke = (cmd, payload, options) => {
      calls.push({ cmd: cmd as string, payload, headers: new Headers((options as { headers?: HeadersInit } | undefined)?.headers) });
      return answer(cmd, payload, options);
    };
    return calls;
  }

  it('sends the file’s bytes as the raw body, with the case and the percent-encoded name as headers', async () => {
    const calls = recordCalls({ case: { id: 7 } });
    const file = new File([new TextEncoder().encode('现场照片')], '3号楼 电梯.txt', { type: 'text/plain' });
    await expect(addAttachment(7, file)).resolves.toEqual({ case: { id: 7 } });
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call!.cmd).toBe('add_attachment');
    expect(call!.payload).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(call!.payload as Uint8Array)).toBe('现场照片');
    expect(call!.headers.get('case-id')).toBe('7');
    expect(call!.headers.get('file-name')).toBe('3%E5%8F%B7%E6%A5%BC%20%E7%94%B5%E6%A2%AF.txt');
    expect(decodeURIComponent(call!.headers.get('file-name')!)).toBe('3号楼 电梯.txt');
  });

  it('refuses a file over 50 MB without reading it, in the words of the backend’s refusal', async () => {
    const calls = recordCalls(null);
    const read = vi.fn();
    const big = { name: 'video.mp4', size: MAX_ATTACHMENT_BYTES + 1, arrayBuffer: read } as unknown as File;
    const error = (await addAttachment(7, big).catch((e: unknown) => e)) as DeskError;
    expect(error).toBeInstanceOf(DeskError);
    expect(error).toMatchObject({ code: 'invalid', field: 'file', rule: 'attachment.max_size' });
    expect(read).not.toHaveBeenCalled();
    expect(calls).toHaveLength(0);
    const backend = toDeskError({ code: 'invalid', message: '附件不能超过 50 MB', field: 'file', rule: 'attachment.max_size' });
    expect(errorMessage(error)).toBe('附件：文件不能超过 50 MB');
    expect(errorMessage(error)).toBe(errorMessage(backend));
    expect(errorMessage(error, 'en')).toBe('Attachment: A file may be at most 50 MB');
  });

  it('sends a file of exactly 50 MB', async () => {
    const calls = recordCalls(null);
    const edge = { name: 'scan.pdf', size: MAX_ATTACHMENT_BYTES, arrayBuffer: async () => new ArrayBuffer(4) } as unknown as File;
    await addAttachment(7, edge);
    expect(calls.map((c) => c.cmd)).toEqual(['add_attachment']);
  });
});
