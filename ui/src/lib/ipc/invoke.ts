import { invoke as tauriInvoke, type InvokeArgs, type InvokeOptions } from '@tauri-apps/api/core';
import { toDeskError } from './errors';

/**
 * Calls a backend command. Resolves with its result; rejects only with a `DeskError`.
 * Command names are `verb_noun` (`create_case`); argument keys are camelCase, as Tauri
 * maps them onto the Rust parameters. A command that takes raw bytes gets a `Uint8Array` as
 * `args` and its metadata in `options.headers`.
 */
export async function invoke<T>(command: string, args?: InvokeArgs, options?: InvokeOptions): Promise<T> {
  try {
    return await tauriInvoke<T>(command, args, options);
  } catch (raw) {
    throw toDeskError(raw, command);
  }
}
