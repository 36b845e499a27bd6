import type { ErrorCode } from './bindings/ErrorCode';

/**
 * `ipc` is the front end's own code for a failure that did not come back in the backend's
 * `{ code, message, field?, rule? }` shape: an unknown command, a panic, a bad argument.
 */
export type DeskErrorCode = ErrorCode | 'ipc';

export interface DeskErrorDetails {
  field?: string;
  rule?: string;
  command?: string;
  cause?: unknown;
}

/** The one error type the screens catch: what the backend refused or failed, and why. */
export class DeskError extends Error {
  override readonly name = 'DeskError';
  readonly code: DeskErrorCode;
  /** The input field the error is about, by its code name (matches the form field's name). */
  readonly field: string | undefined;
  /** The rule that refused, e.g. `transition.assign.roles`. */
  readonly rule: string | undefined;
  /** The command that failed, for logs and bug reports. */
  readonly command: string | undefined;

  constructor(code: DeskErrorCode, message: string, details: DeskErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.field = details.field;
    this.rule = details.rule;
    this.command = details.command;
  }
}

/** Turns whatever a rejected `invoke` gave into a `DeskError`. */
export function toDeskError(raw: unknown, command?: string): DeskError {
  if (raw instanceof DeskError) return raw;
  if (isErrorShape(raw)) {
    return new DeskError(raw.code as ErrorCode, raw.message, {
      field: optionalString(raw.field),
      rule: optionalString(raw.rule),
      command,
    });
  }
  if (typeof raw === 'string') return new DeskError('ipc', raw, { command, cause: raw });
  if (raw instanceof Error) return new DeskError('ipc', raw.message, { command, cause: raw });
  return new DeskError('ipc', safeJson(raw), { command, cause: raw });
}

function isErrorShape(raw: unknown): raw is { code: string; message: string; field?: unknown; rule?: unknown } {
  if (typeof raw !== 'object' || raw === null) return false;
  const candidate = raw as Record<string, unknown>;
  return typeof candidate.code === 'string' && candidate.code !== '' && typeof candidate.message === 'string';
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
