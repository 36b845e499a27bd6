/// <reference types="node" />
import { afterEach, beforeEach } from 'vitest';

/**
 * Puts the machine's clock in `zone` (the TZ variable) for each test of the enclosing `describe`,
 * and back afterwards. Node reads TZ afresh for every new Date, so a test can show that the window
 * formats in the desk's zone and not the machine's: use a zone that is not the desk's.
 */
export function machineZone(zone: string): void {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.TZ;
    process.env.TZ = zone;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });
}
